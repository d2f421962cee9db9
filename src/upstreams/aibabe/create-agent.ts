/**
 * `POST /v1/agent/create`: consumes a live coverId of the same key and X-User-ID (unknown, expired
 * or already used → "Cover not found or expired"), checks the option codes like the cover does, and
 * creates an agent owned by the caller with the system-written ComfyUI workflow
 * (`customAgentWorkflow` of mocks/aibabe/agents.yaml, its prompt, size and seed filled in). The
 * agent can chat at once and is listed by listAgents; its coverUrl serves the cover image.
 */
import { NO_REPLY, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { Agent, AibabeState, Cover } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { buildAgentWorkflow } from './comfy-workflow.js';
import { successReply } from './envelope.js';
import { hold } from './hold.js';
import { checkOptionCodes, describeOptions } from './options.js';
import { coverPath } from './static-images.js';
import { requireReferenceImage } from './upload-reference-image.js';

/** ComfyUI seeds are non-negative integers; KSampler accepts up to 2^64-1, JSON-safe ones suffice. */
const MAX_WORKFLOW_SEED = 2 ** 47;

interface CreateAgentBody extends Record<string, unknown> {
  coverId: string;
  name: string;
  language: string;
  gender: string;
  refImageId?: string;
}

export function createCreateAgentHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  const { mocks } = state;
  const liveCover = async (coverId: string, principal: AibabePrincipal): Promise<Cover> => {
    const cover = await state.covers.get(coverId);
    if (!cover || cover.apiKey !== principal.apiKey || cover.userId !== principal.userId) throw ctx.error('cover_not_found_or_expired');
    return cover;
  };

  return async function createAgent(call) {
    const { principal } = call;
    const body = (call.body ?? {}) as CreateAgentBody;
    checkOptionCodes(ctx, mocks.options, call.operation, body);
    await liveCover(body.coverId, principal);
    if (typeof body.refImageId === 'string') await requireReferenceImage(ctx, state, body.refImageId, principal);

    if (!(await hold(call))) return NO_REPLY;
    // The cover may have expired while the agent was being created, or another request spent it meanwhile.
    const cover = await liveCover(body.coverId, principal);
    if (!(await state.covers.delete(cover.coverId))) throw ctx.error('cover_not_found_or_expired');
    const agentId = state.ids.uuid();
    const { width, height } = mocks.limits.images.chatImage;
    const agent: Agent = {
      agentId,
      name: body.name,
      gender: body.gender,
      language: body.language,
      ownerUserId: principal.userId,
      ownerApiKey: principal.apiKey,
      coverUrl: coverPath(agentId),
      createdAt: String(ctx.sim.clock.now()),
      comfyPrompt: buildAgentWorkflow(mocks.agents.customAgentWorkflow, {
        prompt: `${body.name} · ${describeOptions(mocks.options, call.operation, body, state.defaultLanguage)}`,
        width,
        height,
        seed: state.ids.int(0, MAX_WORKFLOW_SEED),
      }),
      cover: cover.spec,
    };
    await state.agents.set(agentId, agent);
    return successReply(ctx, state, { agentId });
  };
}
