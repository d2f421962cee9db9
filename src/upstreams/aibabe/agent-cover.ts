/**
 * `POST /v1/agent/cover` (seed 001): every option code must be in the custom_agent catalogue and
 * offered to the request's gender (HTTP 400 otherwise), a refImageId must come from the upload;
 * then the connection is held for the simulated 30–300 s and the cover is answered as a PNG data
 * URL with a coverId that createAgent accepts for `limits.coverTtlMs` (30 simulated minutes).
 */
import type { OperationContract } from '../../contracts/index.js';
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks } from './aibabe-mocks.js';
import { aibabeState } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { sendSuccess } from './envelope.js';
import { hold, pngDataUrl } from './hold.js';
import { checkOptionCodes, defaultOptionLanguage, describeOptions } from './options.js';
import { requireReferenceImage } from './upload-reference-image.js';

export function agentCover(ctx: UpstreamContext): OperationHandler {
  const state = aibabeState(ctx);
  return async function agentCoverHandler(req, res, call) {
    const principal = call.principal as AibabePrincipal;
    const body = (req.body ?? {}) as Record<string, unknown>;
    checkOptionCodes(ctx, call.operation, body);
    if (typeof body.refImageId === 'string') requireReferenceImage(ctx, body.refImageId, principal);

    if (!(await hold(call))) return;
    if (call.scenario?.behavior === 'runpod_failure') throw ctx.error('cover_runpod_failure');
    const spec = coverSpec(ctx, call.operation, body);
    const png = await ctx.renderer.render(spec);
    if (call.clientGone()) return;
    const coverId = state.ids.uuid();
    state.covers.set(coverId, { coverId, apiKey: principal.apiKey, userId: principal.userId, spec });
    sendSuccess(res, ctx, { coverId, imageData: pngDataUrl(png) });
  };
}

/** The cover's placeholder: the chosen options as the prompt, the whole request as inputs. */
export function coverSpec(ctx: UpstreamContext, operation: OperationContract, body: Record<string, unknown>): PlaceholderSpec {
  const { width, height } = aibabeMocks(ctx).limits.images.agentCover;
  return {
    upstream: ctx.id,
    operation: operation.operationId,
    width,
    height,
    seed: ctx.seed,
    prompt: describeOptions(ctx, operation, body, defaultOptionLanguage(ctx)),
    inputs: body,
    referenceImage: typeof body.refImageId === 'string',
  };
}
