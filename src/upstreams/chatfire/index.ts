/**
 * The chatfire upstream (api.chatfire.site, seed 002): asynchronous image generation tasks polled
 * until they complete, their image links, and an OpenAI compatibility mode. Contract:
 * contracts/chatfire/; behaviour: mocks/chatfire/.
 */
import type { UpstreamDefinition } from '../../server/upstream-context.js';
import { authenticate } from './authenticate.js';
import { createChatfireState } from './chatfire-state.js';
import { chatfireMocks } from './chatfire-mocks.js';
import { createCreateImageGenerationHandler } from './create-image-generation.js';
import { createDownloadImageHandler } from './download-image.js';
import { invalidRequest } from './invalid-request.js';
import { createPollTaskHandler } from './poll-task.js';

export const chatfireUpstream: UpstreamDefinition = {
  id: 'chatfire',
  authenticate,
  invalidRequest,
  operations(ctx) {
    const state = createChatfireState(ctx);
    return {
      createImageGeneration: createCreateImageGenerationHandler(ctx, state),
      // chatfire's generic task poller answers the same task object as the images one.
      getImageGeneration: createPollTaskHandler(ctx, state),
      getTask: createPollTaskHandler(ctx, state),
      downloadImage: createDownloadImageHandler(ctx, state),
    };
  },
  demo(ctx) {
    const [apiKey = ''] = Object.entries(chatfireMocks(ctx).keys).find(([, key]) => key.demo) ?? [];
    return { apiKey };
  },
};
