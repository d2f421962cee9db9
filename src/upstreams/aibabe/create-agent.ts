/**
 * `POST /v1/agent/create`: consumes a live coverId of the same key and X-User-ID (unknown, expired
 * or already used → "Cover not found or expired"), checks the option codes like the cover does, and
 * creates an agent owned by the caller with the system-written ComfyUI workflow
 * (`customAgentWorkflow` of mocks/aibabe/agents.yaml, its prompt, size and seed filled in). The
 * agent can chat at once and is listed by listAgents; its coverUrl serves the cover image.
 */
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks } from './aibabe-mocks.js';
import { aibabeState, type Agent, type Cover } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { buildAgentWorkflow } from './comfy-workflow.js';
import { sendSuccess } from './envelope.js';
import { hold } from './hold.js';
import { checkOptionCodes, defaultOptionLanguage, describeOptions } from './options.js';
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

export function createAgent(ctx: UpstreamContext): OperationHandler {
  const mocks = aibabeMocks(ctx);
  const state = aibabeState(ctx);
  const liveCover = (coverId: string, principal: AibabePrincipal): Cover => {
    const cover = state.covers.get(coverId);
    if (!cover || cover.apiKey !== principal.apiKey || cover.userId !== principal.userId) throw ctx.error('cover_not_found_or_expired');
    return cover;
  };

  return async function createAgentHandler(req, res, call) {
    const principal = call.principal as AibabePrincipal;
    const body = (req.body ?? {}) as CreateAgentBody;
    checkOptionCodes(ctx, call.operation, body);
    liveCover(body.coverId, principal);
    if (typeof body.refImageId === 'string') requireReferenceImage(ctx, body.refImageId, principal);

    if (!(await hold(call))) return;
    // The cover may have expired while the agent was being created.
    const cover = liveCover(body.coverId, principal);
    state.covers.delete(cover.coverId);
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
        prompt: `${body.name} · ${describeOptions(ctx, call.operation, body, defaultOptionLanguage(ctx))}`,
        width,
        height,
        seed: state.ids.int(0, MAX_WORKFLOW_SEED),
      }),
      cover: cover.spec,
    };
    state.agents.set(agentId, agent);
    sendSuccess(res, ctx, { agentId });
  };
}
