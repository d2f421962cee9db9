/** `GET /v1/images/generations/{task_id}` (getImageGeneration): poll a task. pixmock decides this route. */
import type { Router } from 'express';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { ChatfireState } from './chatfire-state.js';
import { createPollTaskHandler } from './poll-task.js';

export function mountGetImageGeneration(router: Router, ctx: UpstreamContext, state: ChatfireState): void {
  router.get('/v1/images/generations/:task_id', ctx.operation('getImageGeneration', createPollTaskHandler(ctx, state)));
}
