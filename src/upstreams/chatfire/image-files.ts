/**
 * The generated images: their link file names (`<task_id>-<index>.png` for url,
 * `<task_id>-<index>-oss.png` for oss_url, both served by downloadImage) and their PNG bytes,
 * rendered by the shared placeholder renderer, whose byte-bounded cache keeps them (an image it
 * has dropped is rendered again, byte-identical).
 */
import type { UpstreamContext } from '../../core/index.js';
import type { ChatfireState } from './chatfire-state.js';
import { imagesExpireAt, type ImageTask } from './image-task.js';

export const IMAGE_FILES_PATH = '/v1/files/images';
const IMAGE_FILE = /^(.+)-(\d)(-oss)?\.png$/;

export type LinkKind = 'url' | 'oss_url';

export function imageFileName(taskId: string, index: number, kind: LinkKind): string {
  return `${taskId}-${index}${kind === 'oss_url' ? '-oss' : ''}.png`;
}

export function imageLink(origin: string, taskId: string, index: number, kind: LinkKind): string {
  return `${origin}${IMAGE_FILES_PATH}/${imageFileName(taskId, index, kind)}`;
}

export function parseImageFileName(fileName: string): { taskId: string; index: number } | undefined {
  const match = IMAGE_FILE.exec(fileName);
  return match ? { taskId: match[1] ?? '', index: Number(match[2]) } : undefined;
}

/** The PNG of image `index` of a completed task. */
export function imagePng(ctx: UpstreamContext, task: ImageTask, index: number): Promise<Buffer> {
  return ctx.renderer.render({
    upstream: ctx.id,
    operation: 'createImageGeneration',
    width: task.width,
    height: task.height,
    seed: task.imageSeed + index,
    prompt: task.prompt,
    inputs: {
      model: task.model,
      size: task.size,
      image: `${index + 1}/${task.n}`,
      ...(task.reference && { referenceImage: task.reference.shown, referenceFetched: task.reference.fetched }),
    },
    referenceImage: task.reference !== undefined,
  });
}

export type ImageLookup =
  | { found: true; task: ImageTask; index: number; expiresAt: number }
  | { found: false; error: 'image_not_found' }
  | { found: false; error: 'image_expired'; expiresAt: number };

/** Which image a link file name names, and whether it can still be served at `now`. */
export async function findImage(ctx: UpstreamContext, state: ChatfireState, fileName: string, now: number): Promise<ImageLookup> {
  const parsed = parseImageFileName(fileName);
  const task = parsed && (await state.tasks.get(parsed.taskId));
  const expiresAt = task && imagesExpireAt(task, state.mocks.images.expiresInMs, ctx.sim.toClockMs);
  if (!parsed || !task || expiresAt === undefined || now < (task.end?.at ?? Infinity) || parsed.index >= task.n) {
    return { found: false, error: 'image_not_found' };
  }
  if (now >= expiresAt) return { found: false, error: 'image_expired', expiresAt };
  return { found: true, task, index: parsed.index, expiresAt };
}
