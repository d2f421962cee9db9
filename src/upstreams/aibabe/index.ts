/**
 * The aibabe open platform, simulated: chat image (seed 000) and agent cover (seed 001) plus the
 * endpoints they depend on, behind the platform's HMAC request signing. The shell routes each
 * request to its operation by the contract's method and path; behaviour data from mocks/aibabe/.
 *
 * @example
 * const server = await createMockServer('aibabe', { latency: 'fast', seed: 1 });
 * server.demo; // { apiKey, apiSecret, userId, agentId }
 */
import express, { type Router } from 'express';
import type { OperationHandler, UpstreamContext, UpstreamDefinition } from '../../server/upstream-context.js';
import { agentCover } from './agent-cover.js';
import { aibabeMocks, type AibabeMocks } from './aibabe-mocks.js';
import { aibabeState } from './aibabe-state.js';
import { authenticate } from './authenticate.js';
import { chatImage } from './chat-image.js';
import { configOptions } from './config-options.js';
import { createAgent } from './create-agent.js';
import { createConversation } from './create-conversation.js';
import { decorateErrorBody } from './envelope.js';
import { invalidRequest } from './invalid-request.js';
import { listAgents } from './list-agents.js';
import { serveStaticImage, STATIC_ROUTE } from './static-images.js';
import { uploadReferenceImage } from './upload-reference-image.js';

const HANDLERS: Record<string, (ctx: UpstreamContext) => OperationHandler> = {
  createConversation,
  chatImage,
  agentCover,
  createAgent,
  listAgents,
  configOptions,
  uploadReferenceImage,
};

export const aibabeUpstream: UpstreamDefinition = {
  id: 'aibabe',
  authenticate,
  invalidRequest,
  decorateError: decorateErrorBody,
  maxJsonBodyBytes: (mocks) => (mocks as unknown as AibabeMocks).limits.maxJsonBodyBytes,
  operations(ctx) {
    aibabeState(ctx);
    return Object.fromEntries(Object.entries(HANDLERS).map(([operationId, createHandler]) => [operationId, createHandler(ctx)]));
  },
  extraRoutes(ctx): Router {
    return express.Router().get(STATIC_ROUTE, serveStaticImage(ctx));
  },
  demo(ctx) {
    const mocks = aibabeMocks(ctx);
    const key = mocks.keys.find((candidate) => candidate.demo) ?? mocks.keys[0];
    const user = mocks.users.find((candidate) => candidate.demo) ?? mocks.users[0];
    const agent = mocks.agents.items.find((candidate) => candidate.demo) ?? mocks.agents.items[0];
    return { apiKey: key?.apiKey ?? '', apiSecret: key?.apiSecret ?? '', userId: user?.userId ?? '', agentId: agent?.agentId ?? '' };
  },
};
