/**
 * `POST /v1/chat/conversation` {agentId} → data.conversationId. Call once per agent: the same key,
 * X-User-ID and agent get the same conversationId again (pixmock decides).
 */
import { NO_REPLY, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { AibabeState } from './aibabe-state.js';
import { requireAgent } from './agents.js';
import type { AibabePrincipal } from './authenticate.js';
import { successReply } from './envelope.js';
import { hold } from './hold.js';

interface CreateConversationBody {
  agentId: string;
}

export function createCreateConversationHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  return async function createConversation(call) {
    const { principal } = call;
    const { agentId } = (call.body ?? {}) as CreateConversationBody;
    if (!(await hold(call))) return NO_REPLY;
    const agent = await requireAgent(ctx, state, agentId, principal);
    const indexKey = [principal.apiKey, principal.userId, agent.agentId].join('\n');
    let conversationId = await state.conversationIndex.get(indexKey);
    if (conversationId === undefined || (await state.conversations.get(conversationId)) === undefined) {
      conversationId = state.ids.uuid();
      await state.conversations.set(conversationId, { conversationId, agentId: agent.agentId, apiKey: principal.apiKey, userId: principal.userId });
      await state.conversationIndex.set(indexKey, conversationId);
    }
    return successReply(ctx, state, { conversationId });
  };
}
