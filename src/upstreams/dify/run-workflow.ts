/**
 * POST /v1/workflows/run (runWorkflow). After the shell's key check, scenario and schema
 * validation (see invalid-request.ts for Dify's messages), it checks what the schema cannot —
 * the JSON content type, the start node's max lengths, the app's concurrency limit — then starts
 * one simulated run and answers it blocking or streaming.
 */
import type { OperationHandler, UpstreamContext } from '../../core/index.js';
import type { ScenarioDefinition } from '../../mocks/index.js';
import type { DifyPrincipal } from './authenticate.js';
import { respondBlocking } from './blocking-response.js';
import type { DifyState } from './dify-state.js';
import { resolveFileShape } from './file-object.js';
import { respondStreaming } from './streaming-response.js';
import type { RunBehavior } from './workflow-nodes.js';
import { createWorkflowRun } from './workflow-run.js';

/** Catalogue entry a blocking request answers when its run dies unexpectedly. */
export const DEFAULT_BLOCKING_ERROR = 'internal_server_error';
export const DEFAULT_STREAM_ERROR = 'stream_internal_error';

interface RunWorkflowBody {
  inputs: Record<string, unknown> & { prompt: string; model_name?: string };
  response_mode: 'streaming' | 'blocking';
  user: string;
}

export function createRunWorkflowHandler(ctx: UpstreamContext, state: DifyState): OperationHandler<DifyPrincipal> {
  const { mocks } = state;
  return async function runWorkflow(call) {
    // Flask's request.get_json() answers 415 to any other Content-Type; a JSON body arrives validated by the pipeline.
    if (call.request.mediaType !== 'application/json') throw ctx.error('unsupported_media_type');
    const body = call.body as RunWorkflowBody;

    for (const [variable, definition] of Object.entries(mocks.app.inputs)) {
      const value = body.inputs[variable];
      if ('maxLength' in definition && typeof value === 'string' && value.length > definition.maxLength) {
        throw ctx.error('invalid_param_input_too_long', { variable, max_length: definition.maxLength });
      }
    }
    const { maxActiveRequests, appId } = mocks.app;
    if (maxActiveRequests > 0 && (await state.active.count()) >= maxActiveRequests) {
      throw ctx.error('too_many_requests', { app_id: appId, max_active_requests: maxActiveRequests });
    }

    const modelName = body.inputs.model_name ?? mocks.checkpoints.default;
    const checkpoint = mocks.checkpoints.models[modelName];
    if (!checkpoint) throw new Error(`Failed to run the workflow: checkpoint ${modelName} is not in mocks/dify/checkpoints.yaml.`);
    const { behavior, blockingErrorId, totalMs } = readScenario(call.scenario, () => call.latencyMs());
    const run = await createWorkflowRun(ctx, state, {
      prompt: body.inputs.prompt,
      modelName,
      user: body.user,
      totalMs,
      behavior,
      image: {
        upstream: ctx.id,
        operation: call.operation.operationId,
        width: checkpoint.nativeWidth,
        height: checkpoint.nativeHeight,
        seed: ctx.seed,
        prompt: body.inputs.prompt,
        inputs: { model_name: modelName },
      },
      fileShape: resolveFileShape(mocks, call.scenario),
    });

    if (body.response_mode === 'streaming') return respondStreaming(ctx, state, call, run);
    return respondBlocking(ctx, call, run, blockingErrorId);
  };
}

/** The run behaviour, blocking error and run time a scenario asks for (mocks/dify/scenarios.yaml). */
function readScenario(scenario: ScenarioDefinition | undefined, sampleLatency: () => number) {
  const params = scenario?.params ?? {};
  let behavior: RunBehavior = { kind: 'normal' };
  switch (scenario?.behavior) {
    case 'node_failed':
    case 'tool_text_failure':
      behavior = { kind: scenario.behavior };
      break;
    case 'stream_error':
      behavior = { kind: 'stream_error', errorId: String(params.error ?? DEFAULT_STREAM_ERROR), afterNodeStarted: String(params.afterNodeStarted ?? '') };
      break;
  }
  const totalMs = scenario?.behavior === 'long_run' && params.runMs !== undefined ? Number(params.runMs) : sampleLatency();
  return { behavior, totalMs, blockingErrorId: String(params.blockingError ?? DEFAULT_BLOCKING_ERROR) };
}
