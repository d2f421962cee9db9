/**
 * `POST /v1/agent/cover` (seed 001): every option code must be in the custom_agent catalogue and
 * offered to the request's gender (HTTP 400 otherwise), a refImageId must come from the upload;
 * then the connection is held for the simulated 30–300 s and the cover is answered as a PNG data
 * URL with a coverId that createAgent accepts for `limits.coverTtlMs` (30 simulated minutes).
 * A client that leaves before the answer gets nothing, and no coverId is kept for it.
 */
import type { OperationContract } from '../../contracts/index.js';
import { NO_REPLY, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { AibabeState } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { successReply } from './envelope.js';
import { hold, pngDataUrl } from './hold.js';
import { checkOptionCodes, describeOptions } from './options.js';
import { requireReferenceImage } from './upload-reference-image.js';

export function createAgentCoverHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  return async function agentCover(call) {
    const { principal } = call;
    const body = (call.body ?? {}) as Record<string, unknown>;
    checkOptionCodes(ctx, state.mocks.options, call.operation, body);
    if (typeof body.refImageId === 'string') await requireReferenceImage(ctx, state, body.refImageId, principal);

    if (!(await hold(call))) return NO_REPLY;
    if (call.scenario?.behavior === 'runpod_failure') throw ctx.error('cover_runpod_failure');
    const spec = coverSpec(ctx, state, call.operation, body);
    const png = await ctx.renderer.render(spec);
    if (call.clientGone()) return NO_REPLY;
    const coverId = state.ids.uuid();
    await state.covers.set(coverId, { coverId, apiKey: principal.apiKey, userId: principal.userId, spec });
    return successReply(ctx, state, { coverId, imageData: pngDataUrl(png) });
  };
}

/** The cover's placeholder: the chosen options as the prompt, the whole request as inputs. */
export function coverSpec(ctx: UpstreamContext, state: AibabeState, operation: OperationContract, body: Record<string, unknown>): PlaceholderSpec {
  const { width, height } = state.mocks.limits.images.agentCover;
  return {
    upstream: ctx.id,
    operation: operation.operationId,
    width,
    height,
    seed: ctx.seed,
    prompt: describeOptions(state.mocks.options, operation, body, state.defaultLanguage),
    inputs: body,
    referenceImage: typeof body.refImageId === 'string',
  };
}
