/**
 * The handler both pollers share (getImageGeneration and chatfire's generic getTask answer the
 * same task object): the task as it stands on the simulated clock when the answer goes out, to
 * the key that created it.
 */
import { json, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { ChatfirePrincipal } from './authenticate.js';
import type { ChatfireState } from './chatfire-state.js';
import { taskBody } from './task-body.js';

export function createPollTaskHandler(ctx: UpstreamContext, state: ChatfireState): OperationHandler<ChatfirePrincipal | undefined> {
  return async function pollTask(call) {
    await call.wait(call.latencyMs());
    const task = await state.tasks.get(call.params.task_id ?? '');
    // Another key's task is as unknown as a task that never existed.
    if (!task || (task.owner !== undefined && task.owner !== call.principal?.token)) throw ctx.error('task_not_found');
    return json(await taskBody(ctx, state, task, { origin: call.request.origin, now: ctx.sim.clock.now() }));
  };
}
