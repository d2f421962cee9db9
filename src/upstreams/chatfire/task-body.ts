/**
 * The two bodies a task is shown as: the documented task (`task.schema.json`: images only when
 * completed, error only when failed, each image carrying the field its response_format names) and
 * the synchronous OpenAI images shape of compatibility mode (`openai-images-response.schema.json`).
 */
import type { UpstreamContext } from '../../core/index.js';
import { modelBehaviour, type TaskFailure } from './chatfire-mocks.js';
import type { ChatfireState } from './chatfire-state.js';
import { imageLink, imagePng } from './image-files.js';
import { imagesExpireAt, statusAt, type ImageTask, type TaskStatus } from './image-task.js';

export interface TaskView {
  /** The origin image links are built on (the request's own). */
  origin: string;
  now: number;
  /** Show this status instead of the one at `now` (a freshly created task is `pending`). */
  status?: TaskStatus;
}

/** The documented task as a poll at `view.now` sees it, its image links on `view.origin`. */
export async function taskBody(ctx: UpstreamContext, state: ChatfireState, task: ImageTask, view: TaskView) {
  const status = view.status ?? statusAt(task, view.now);
  const failure = taskFailure(state, task);
  return {
    task_id: task.id,
    status,
    created_at: Math.floor(task.createdAt / 1000),
    model: task.model,
    prompt: task.prompt,
    response_format: task.responseFormat,
    ...(status === 'completed' && { images: await taskImages(ctx, state, task, view.origin) }),
    ...(status === 'failed' && { error: { code: task.end?.failure ?? '', message: failure?.message ?? '' } }),
  };
}

/** The task-failures.yaml entry a failed (or failing) task ends with. */
export function taskFailure(state: ChatfireState, task: ImageTask): TaskFailure | undefined {
  return task.end?.failure === undefined ? undefined : state.mocks['task-failures'][task.end.failure];
}

async function taskImages(ctx: UpstreamContext, state: ChatfireState, task: ImageTask, origin: string) {
  const expiresAt = imagesExpireAt(task, state.mocks.images.expiresInMs, ctx.sim.toClockMs) ?? 0;
  const images = [];
  for (let index = 0; index < task.n; index++) {
    const link =
      task.responseFormat === 'b64_json'
        ? { b64_json: (await imagePng(ctx, task, index)).toString('base64') }
        : { [task.responseFormat]: imageLink(origin, task.id, index, task.responseFormat) };
    images.push({ ...link, width: task.width, height: task.height, format: 'png', expires_at: expiresAt / 1000 });
  }
  return images;
}

/** OpenAI's `{created, data:[{url | b64_json, revised_prompt?}]}`; oss_url is served as url. */
export async function openaiBody(ctx: UpstreamContext, state: ChatfireState, task: ImageTask, origin: string, now: number) {
  const revisedPrompt = modelBehaviour(state.mocks, task.model)?.revisesPrompt ? { revised_prompt: task.prompt } : {};
  const data = [];
  for (let index = 0; index < task.n; index++) {
    const image =
      task.responseFormat === 'b64_json'
        ? { b64_json: (await imagePng(ctx, task, index)).toString('base64') }
        : { url: imageLink(origin, task.id, index, 'url') };
    data.push({ ...image, ...revisedPrompt });
  }
  return { created: Math.floor(now / 1000), data };
}
