/**
 * GET /v1/workflows/run/{workflow_run_id} (getWorkflowRun): the stored run, also while it is
 * running and after a Cloudflare 524. `inputs` is the JSON text Dify keeps in its column
 * (Python `json.dumps` formatting), `outputs` an object (`{}` until the end node ran), file URLs
 * signed afresh.
 */
import { json, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';
import { createFileSerializer, resolveFileShape } from './file-object.js';

export function createGetWorkflowRunHandler(ctx: UpstreamContext, state: DifyState): OperationHandler<DifyPrincipal> {
  return async function getWorkflowRun(call) {
    await call.wait(call.latencyMs());
    const record = await state.runs.get(call.params.workflow_run_id ?? '');
    if (!record) throw ctx.error('workflow_run_not_found');
    const shape = call.scenario?.behavior === 'file_shape' ? resolveFileShape(state.mocks, call.scenario) : record.fileShape;
    const serialize = createFileSerializer(ctx, state, shape);
    return json({
      id: record.id,
      workflow_id: record.workflowId,
      status: record.status,
      inputs: pythonJsonDumps(record.inputs),
      outputs: record.outputFiles && record.status !== 'running' ? { files: record.outputFiles.map(serialize) } : {},
      error: record.error,
      total_steps: record.totalSteps,
      total_tokens: record.totalTokens,
      created_at: record.createdAt,
      finished_at: record.finishedAt,
      elapsed_time: record.elapsedTime,
    });
  };
}

/** `json.dumps(value)` with Python's defaults: ", " and ": " separators, non-ASCII as \uXXXX. */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${asciiJson(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? asciiJson(value) : JSON.stringify(value ?? null);
}

function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
