/**
 * POST /v1/workflows/tasks/{task_id}/stop (stopWorkflowTask): like Dify it only raises a stop
 * flag and always answers `{"result": "success"}`; a running task of the same user then ends
 * `stopped` (its stream closes with workflow_finished status stopped): at once when this process
 * runs it, else (another replica on a shared store does) when that run next ends a node.
 */
import { json, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';

export function createStopWorkflowTaskHandler(ctx: UpstreamContext, state: DifyState): OperationHandler<DifyPrincipal> {
  return async function stopWorkflowTask(call) {
    // Flask's request.get_json() answers 415 to any other Content-Type; a JSON body arrives validated by the pipeline.
    if (call.request.mediaType !== 'application/json') throw ctx.error('unsupported_media_type');
    await call.wait(call.latencyMs());
    const taskId = call.params.task_id ?? '';
    const { user } = call.body as { user: string };
    const run = state.liveRuns.get(taskId);
    if (!run) await state.stopRequests.set(taskId, user);
    else if (run.record.user === user) run.stop();
    return json({ result: 'success' });
  };
}
