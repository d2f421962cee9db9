/**
 * The Dify upstream: the seed 003 text-to-image workflow app behind Dify's service API and its
 * Cloudflare edge. One file per operation; all state in dify-state.ts, made by `createState` and
 * handed to every hook; all behaviour data in mocks/dify/; all errors from
 * contracts/dify/openapi.yaml.
 */
import { defineUpstream } from '../../core/index.js';
import { authenticate, demoKey, type DifyPrincipal } from './authenticate.js';
import { checkDifyConfig } from './check-config.js';
import { gatewayCut, gatewayPage } from './cloudflare-edge.js';
import { createDifyState, type DifyState } from './dify-state.js';
import { createGetWorkflowRunHandler } from './get-workflow-run.js';
import { createGetInfoHandler } from './info.js';
import { invalidRequest } from './invalid-request.js';
import { createGetParametersHandler } from './parameters.js';
import { createRunWorkflowHandler } from './run-workflow.js';
import { createStopWorkflowTaskHandler } from './stop-workflow-task.js';
import { createGetToolFileHandler } from './tool-files.js';
import { createUploadFileHandler } from './upload-file.js';

export const difyUpstream = defineUpstream<DifyState, DifyPrincipal>({
  id: 'dify',
  defaultPort: 4030,
  createState: createDifyState,
  authenticate,
  invalidRequest,
  operations: (ctx, state) => ({
    runWorkflow: createRunWorkflowHandler(ctx, state),
    getWorkflowRun: createGetWorkflowRunHandler(ctx, state),
    stopWorkflowTask: createStopWorkflowTaskHandler(ctx, state),
    getParameters: createGetParametersHandler(state),
    getInfo: createGetInfoHandler(state),
    uploadFile: createUploadFileHandler(ctx, state),
    getToolFile: createGetToolFileHandler(ctx, state),
  }),
  gatewayCut,
  gatewayPage,
  checkConfig: checkDifyConfig,
  // Werkzeug answers a known path with the wrong method by 405.
  wrongMethodError: 'method_not_allowed',
  demo: (_ctx, state) => ({ apiKey: demoKey(state) }),
});
