/** `GET /v1/tasks/{task_id}` (getTask): chatfire's generic task poller, answering the same task object. */
import type { Router } from 'express';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { ChatfireState } from './chatfire-state.js';
import { createPollTaskHandler } from './poll-task.js';

export function mountGetTask(router: Router, ctx: UpstreamContext, state: ChatfireState): void {
  router.get('/v1/tasks/:task_id', ctx.operation('getTask', createPollTaskHandler(ctx, state)));
}
