/**
 * The Dify upstream: the seed 003 text-to-image workflow app behind Dify's service API and its
 * Cloudflare edge. One file per operation; all state in dify-state.ts; all behaviour data in
 * mocks/dify/; all errors from contracts/dify/openapi.yaml.
 */
import express, { type Request, type Router } from 'express';
import type { UpstreamContext, UpstreamDefinition } from '../../server/upstream-context.js';
import { authenticate, demoKey } from './authenticate.js';
import { cloudflarePage, createCloudflareEdge } from './cloudflare-edge.js';
import { createDifyState, difyState } from './dify-state.js';
import { createGetWorkflowRunHandler } from './get-workflow-run.js';
import { createGetInfoHandler } from './info.js';
import { invalidRequest } from './invalid-request.js';
import { createGetParametersHandler } from './parameters.js';
import { createRunWorkflowHandler } from './run-workflow.js';
import { createStopWorkflowTaskHandler } from './stop-workflow-task.js';
import { createGetToolFileHandler } from './tool-files.js';
import { createUploadFileHandler } from './upload-file.js';

export const difyUpstream: UpstreamDefinition = {
  id: 'dify',
  authenticate: (req, ctx) => authenticate(req, ctx),
  invalidRequest,
  routes(ctx: UpstreamContext): Router {
    const state = createDifyState(ctx);
    const router = express.Router();
    router.use(createCloudflareEdge(ctx, state));
    router.post('/v1/workflows/run', ctx.operation('runWorkflow', createRunWorkflowHandler(ctx, state)));
    router.get('/v1/workflows/run/:workflow_run_id', ctx.operation('getWorkflowRun', createGetWorkflowRunHandler(ctx, state)));
    router.post('/v1/workflows/tasks/:task_id/stop', ctx.operation('stopWorkflowTask', createStopWorkflowTaskHandler(ctx, state)));
    router.get('/v1/parameters', ctx.operation('getParameters', createGetParametersHandler(ctx)));
    router.get('/v1/info', ctx.operation('getInfo', createGetInfoHandler(ctx)));
    router.post('/v1/files/upload', ctx.operation('uploadFile', createUploadFileHandler(ctx, state)));
    router.get('/files/tools/:file_name', ctx.operation('getToolFile', createGetToolFileHandler(ctx, state)));
    // Werkzeug answers a known path with the wrong method by 405.
    for (const path of new Set([...ctx.contract.operations.values()].map((operation) => operation.path))) {
      router.all(path.replace(/\{([^}]+)\}/g, ':$1'), (req: Request) => {
        throw ctx.error('method_not_allowed', { method: req.method, path: req.path });
      });
    }
    return router;
  },
  demo: (ctx) => ({ apiKey: demoKey(ctx) }),
  gatewayPage: (status, req, ctx) => cloudflarePage(ctx, difyState(ctx), status, req),
};
