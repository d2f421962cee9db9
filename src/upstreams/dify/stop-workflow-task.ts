/**
 * POST /v1/workflows/tasks/{task_id}/stop (stopWorkflowTask): like Dify it only raises a stop
 * flag and always answers `{"result": "success"}`; a running task of the same user then ends
 * `stopped` (its stream closes with workflow_finished status stopped).
 */
import type { Request, Response } from 'express';
import type { OperationCall, OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import type { DifyState } from './dify-state.js';

export function createStopWorkflowTaskHandler(ctx: UpstreamContext, state: DifyState): OperationHandler {
  return async function stopWorkflowTask(req: Request, res: Response, call: OperationCall) {
    if (!req.is('application/json')) throw ctx.error('unsupported_media_type');
    await call.wait(call.latencyMs());
    const run = state.tasks.get(call.params.task_id ?? '');
    if (run && run.record.user === (req.body as { user: string }).user) run.stop();
    res.json({ result: 'success' });
  };
}
