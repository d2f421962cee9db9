/**
 * The chatfire upstream (api.chatfire.site, seed 002): asynchronous image generation tasks polled
 * until they complete, their image links, and an OpenAI compatibility mode. Contract:
 * contracts/chatfire/; behaviour: mocks/chatfire/.
 */
import express from 'express';
import type { UpstreamDefinition } from '../../server/upstream-context.js';
import { authenticate } from './authenticate.js';
import { createChatfireState } from './chatfire-state.js';
import { chatfireMocks } from './chatfire-mocks.js';
import { mountCreateImageGeneration } from './create-image-generation.js';
import { mountDownloadImage } from './download-image.js';
import { mountGetImageGeneration } from './get-image-generation.js';
import { mountGetTask } from './get-task.js';
import { invalidRequest } from './invalid-request.js';

export const chatfireUpstream: UpstreamDefinition = {
  id: 'chatfire',
  authenticate,
  invalidRequest: (_operation, diagnostics, ctx) => invalidRequest(diagnostics, ctx),
  routes(ctx) {
    const state = createChatfireState(ctx);
    const router = express.Router();
    mountCreateImageGeneration(router, ctx, state);
    mountGetImageGeneration(router, ctx, state);
    mountGetTask(router, ctx, state);
    mountDownloadImage(router, ctx, state);
    return router;
  },
  demo(ctx) {
    const [apiKey = ''] = Object.entries(chatfireMocks(ctx).keys).find(([, key]) => key.demo) ?? [];
    return { apiKey };
  },
};
