/**
 * `POST /v1/chat/conversation` {agentId} → data.conversationId. Call once per agent: the same key,
 * X-User-ID and agent get the same conversationId again (pixmock decides).
 */
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeState } from './aibabe-state.js';
import { requireAgent } from './agents.js';
import type { AibabePrincipal } from './authenticate.js';
import { sendSuccess } from './envelope.js';
import { hold } from './hold.js';

interface CreateConversationBody {
  agentId: string;
}

export function createConversation(ctx: UpstreamContext): OperationHandler {
  const state = aibabeState(ctx);
  return async function createConversationHandler(req, res, call) {
    const principal = call.principal as AibabePrincipal;
    const { agentId } = (req.body ?? {}) as CreateConversationBody;
    if (!(await hold(call))) return;
    const agent = requireAgent(ctx, agentId, principal);
    const indexKey = [principal.apiKey, principal.userId, agent.agentId].join('\n');
    let conversationId = state.conversationIndex.get(indexKey);
    if (conversationId === undefined || !state.conversations.has(conversationId)) {
      conversationId = state.ids.uuid();
      state.conversations.set(conversationId, { conversationId, agentId: agent.agentId, apiKey: principal.apiKey, userId: principal.userId });
      state.conversationIndex.set(indexKey, conversationId);
    }
    sendSuccess(res, ctx, { conversationId });
  };
}
