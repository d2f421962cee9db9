/**
 * `GET /v1/files/images/{image_file}` (downloadImage): the PNG behind an image's `url` or
 * `oss_url`, without Authorization (like a CDN link). 404 for a file no completed task produced,
 * 410 once the image is past its expires_at.
 */
import { bytes, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { ChatfirePrincipal } from './authenticate.js';
import type { ChatfireState } from './chatfire-state.js';
import { findImage, imagePng } from './image-files.js';

export function createDownloadImageHandler(ctx: UpstreamContext, state: ChatfireState): OperationHandler<ChatfirePrincipal | undefined> {
  return async function downloadImage(call) {
    await call.wait(call.latencyMs());
    const imageFile = call.params.image_file ?? '';
    const now = ctx.sim.clock.now();
    const image = await findImage(ctx, state, imageFile, now);
    if (!image.found && image.error === 'image_expired') throw ctx.error(image.error, { image_file: imageFile, expires_at: image.expiresAt / 1000 });
    if (!image.found) throw ctx.error(image.error, { image_file: imageFile });
    const png = await imagePng(ctx, image.task, image.index);
    return bytes(png, 'image/png', { headers: { 'Cache-Control': `private, max-age=${Math.ceil((image.expiresAt - now) / 1000)}` } });
  };
}
