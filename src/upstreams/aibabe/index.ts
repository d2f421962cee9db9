/**
 * The aibabe open platform, simulated: chat image (seed 000) and agent cover (seed 001) plus the
 * endpoints they depend on, behind the platform's HMAC request signing. The shell routes each
 * request to its operation by the contract's method and path; behaviour data from mocks/aibabe/.
 *
 * @example
 * const server = await createMockServer('aibabe', { latency: 'fast', seed: 1 });
 * server.demo; // { apiKey, apiSecret, userId, agentId }
 */
import { defineUpstream } from '../../core/index.js';
import { createAgentCoverHandler } from './agent-cover.js';
import { createAibabeState, type AibabeState } from './aibabe-state.js';
import { authenticate, type AibabePrincipal } from './authenticate.js';
import { createChatImageHandler } from './chat-image.js';
import { createConfigOptionsHandler } from './config-options.js';
import { createCreateAgentHandler } from './create-agent.js';
import { createCreateConversationHandler } from './create-conversation.js';
import { decorateErrorBody } from './envelope.js';
import { checkAibabeConfig } from './check-config.js';
import { invalidRequest } from './invalid-request.js';
import { createListAgentsHandler } from './list-agents.js';
import { createStaticImagesRoute } from './static-images.js';
import { createUploadReferenceImageHandler } from './upload-reference-image.js';

export const aibabeUpstream = defineUpstream<AibabeState, AibabePrincipal>({
  id: 'aibabe',
  defaultPort: 4010,
  createState: createAibabeState,
  authenticate,
  invalidRequest,
  checkConfig: checkAibabeConfig,
  decorateError: decorateErrorBody,
  operations: (ctx, state) => ({
    createConversation: createCreateConversationHandler(ctx, state),
    chatImage: createChatImageHandler(ctx, state),
    agentCover: createAgentCoverHandler(ctx, state),
    createAgent: createCreateAgentHandler(ctx, state),
    listAgents: createListAgentsHandler(ctx, state),
    configOptions: createConfigOptionsHandler(ctx, state),
    uploadReferenceImage: createUploadReferenceImageHandler(ctx, state),
  }),
  routes: (ctx, state) => [createStaticImagesRoute(ctx, state)],
  demo(_ctx, { mocks }) {
    const key = mocks.keys.find((candidate) => candidate.demo) ?? mocks.keys[0];
    const user = mocks.users.find((candidate) => candidate.demo) ?? mocks.users[0];
    const agent = mocks.agents.items.find((candidate) => candidate.demo) ?? mocks.agents.items[0];
    return { apiKey: key?.apiKey ?? '', apiSecret: key?.apiSecret ?? '', userId: user?.userId ?? '', agentId: agent?.agentId ?? '' };
  },
});
