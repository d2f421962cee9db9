/**
 * The chatfire upstream (api.chatfire.site, seed 002): asynchronous image generation tasks polled
 * until they complete, their image links, and an OpenAI compatibility mode. Contract:
 * contracts/chatfire/; behaviour: mocks/chatfire/.
 */
import { defineUpstream } from '../../core/index.js';
import { authenticate, type ChatfirePrincipal } from './authenticate.js';
import { createChatfireState, type ChatfireState } from './chatfire-state.js';
import { createCreateImageGenerationHandler } from './create-image-generation.js';
import { createDownloadImageHandler } from './download-image.js';
import { checkChatfireConfig } from './check-config.js';
import { invalidRequest } from './invalid-request.js';
import { createPollTaskHandler } from './poll-task.js';

export const chatfireUpstream = defineUpstream<ChatfireState, ChatfirePrincipal | undefined>({
  id: 'chatfire',
  defaultPort: 4020,
  createState: createChatfireState,
  authenticate,
  invalidRequest,
  checkConfig: checkChatfireConfig,
  operations: (ctx, state) => ({
    createImageGeneration: createCreateImageGenerationHandler(ctx, state),
    // chatfire's generic task poller answers the same task object as the images one.
    getImageGeneration: createPollTaskHandler(ctx, state),
    getTask: createPollTaskHandler(ctx, state),
    downloadImage: createDownloadImageHandler(ctx, state),
  }),
  demo(_ctx, state) {
    const [apiKey = ''] = Object.entries(state.mocks.keys).find(([, key]) => key?.demo) ?? [];
    return { apiKey };
  },
});
