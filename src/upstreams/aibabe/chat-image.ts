/**
 * `POST /v1/chat/image` (seed 000): checks the agent, the conversation and the agent's ComfyUI
 * workflow at once (a rejected workflow fails before anything is generated), then holds the
 * connection for the simulated 30–90 s, renders a placeholder PNG and answers it as a data URL
 * with the request's metadata echoed.
 */
import { NO_REPLY, type Call, type OperationHandler, type Reply, type UpstreamContext } from '../../core/index.js';
import type { Agent, AibabeState } from './aibabe-state.js';
import { requireAgent } from './agents.js';
import type { AibabePrincipal } from './authenticate.js';
import { checkWorkflow, comfyJobError } from './comfy-workflow.js';
import { successReplyWithJson } from './envelope.js';
import { hold } from './hold.js';

interface ChatImageBody {
  agentId: string;
  conversationId: string;
  text: string;
  language: string;
  metadata?: Record<string, unknown>;
}

export function createChatImageHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  const { limits } = state.mocks;

  /** Everything checked before the hold: a refused call never waits. */
  async function admit(call: Call<AibabePrincipal>): Promise<ChatImageBody> {
    const { principal } = call;
    const body = (call.body ?? {}) as ChatImageBody;
    const agent = await requireAgent(ctx, state, body.agentId, principal);
    if (limits.requireKnownConversation) {
      const conversation = await state.conversations.get(body.conversationId);
      const owned = conversation?.agentId === agent.agentId && conversation.userId === principal.userId && conversation.apiKey === principal.apiKey;
      if (!owned) throw ctx.error('conversation_not_found');
    }
    checkImageConfig(ctx, state, agent, call);
    return body;
  }

  /** After the hold: the image, unless the client has gone. */
  async function answer(call: Call<AibabePrincipal>, body: ChatImageBody): Promise<Reply> {
    if (call.scenario?.behavior === 'runpod_failure') throw ctx.error('runpod_failure_chat');
    const { width, height } = limits.images.chatImage;
    const metadata = body.metadata ?? {};
    const dataUrl = await ctx.renderer.renderDataUrl({
      upstream: ctx.id,
      operation: call.operation.operationId,
      width,
      height,
      seed: ctx.seed,
      prompt: body.text,
      inputs: { agentId: body.agentId, conversationId: body.conversationId, language: body.language, metadata },
    });
    if (call.clientGone()) return NO_REPLY;
    // A base64 data URL has nothing JSON would escape: the quoted bytes are its JSON text.
    return successReplyWithJson(ctx, state, ['"', ...dataUrl, '"'], (slot) => ({ base64Image: slot, metadata }));
  }

  // Not an async function: a held call keeps promise reactions, not suspended frames (bench/README.md, "Performance tricks").
  return function chatImage(call) {
    return admit(call).then((body) => hold(call).then((held) => (held ? answer(call, body) : NO_REPLY)));
  };
}

/** What RunPod/ComfyUI would refuse before generating: no workflow, or one ComfyUI rejects. */
function checkImageConfig(ctx: UpstreamContext, state: AibabeState, agent: Agent, call: Call<AibabePrincipal>): void {
  const config = state.mocks['comfyui-errors'];
  if (call.scenario?.behavior === 'comfy_invalid_prompt') {
    const { variant = config.default, nodeId = '' } = call.scenario.params ?? {};
    throw ctx.error('comfy_invalid_prompt', { message: comfyJobError(config, String(variant), String(nodeId)) });
  }
  if (!agent.comfyPrompt) throw ctx.error('agent_missing_image_config');
  const check = checkWorkflow(agent.comfyPrompt, config);
  if (!check.ok) throw ctx.error('comfy_invalid_prompt', { message: comfyJobError(config, check.variant, check.nodeId) });
}
