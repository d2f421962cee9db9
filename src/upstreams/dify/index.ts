/**
 * The Dify upstream: the seed 003 text-to-image workflow app behind Dify's service API and its
 * Cloudflare edge. One file per operation; all state in dify-state.ts; all behaviour data in
 * mocks/dify/; all errors from contracts/dify/openapi.yaml.
 */
import type { UpstreamDefinition } from '../../server/upstream-context.js';
import { authenticate, demoKey } from './authenticate.js';
import { armCloudflareEdge, cloudflarePage } from './cloudflare-edge.js';
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
  operations(ctx) {
    const state = createDifyState(ctx);
    return {
      runWorkflow: createRunWorkflowHandler(ctx, state),
      getWorkflowRun: createGetWorkflowRunHandler(ctx, state),
      stopWorkflowTask: createStopWorkflowTaskHandler(ctx, state),
      getParameters: createGetParametersHandler(ctx),
      getInfo: createGetInfoHandler(ctx),
      uploadFile: createUploadFileHandler(ctx, state),
      getToolFile: createGetToolFileHandler(ctx, state),
    };
  },
  beforeOperation: (req, res, ctx) => armCloudflareEdge(ctx, difyState(ctx), req, res),
  // Werkzeug answers a known path with the wrong method by 405.
  wrongMethodError: 'method_not_allowed',
  demo: (ctx) => ({ apiKey: demoKey(ctx) }),
  gatewayPage: (status, req, ctx) => cloudflarePage(ctx, difyState(ctx), status, req),
};
