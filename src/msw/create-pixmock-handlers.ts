/**
 * `pixmock/msw` in Node: MSW handlers for the upstreams a user picks, on the base URLs they give,
 * built by the same composition root as `pixmock serve` (contracts and mocks read from disk,
 * placeholders rendered by sharp), with one clock shared by the upstreams.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createPixmockHandlers } from 'pixmock/msw';
 * const pixmock = await createPixmockHandlers({ upstreams: { chatfire: 'https://api.chatfire.site' }, latency: 'instant' });
 * const server = setupServer(...pixmock.handlers);
 * server.listen();
 */
import { randomSeed } from '../app/compose-mock-server.js';
import type { MockConfig } from '../mocks/index.js';
import { createSystemClock } from '../sim/clock.js';
import { buildMockServers, resolveUpstream, type MockServerOptions, type UpstreamId } from '../app/create-mock-servers.js';
import { parseBaseUrl } from './base-url.js';
import { assemblePixmockHandlers, type PixmockHandlers } from './pixmock-handlers.js';

export interface PixmockHandlersOptions extends Omit<MockServerOptions, 'mocks'> {
  /** The upstreams to mock, by id, each with the base URL the code under test calls: `{ chatfire: 'https://api.chatfire.site' }`. */
  upstreams: Partial<Record<UpstreamId, string>>;
  /** Behaviour data per upstream, replacing its mocks/<id>/ (e.g. a copy edited in code). */
  mocks?: Partial<Record<UpstreamId, MockConfig>>;
  /** The scenario every request of an upstream gets (what `PUT /__pixmock/scenario` sets), kept across `reset()`. */
  scenarios?: Partial<Record<UpstreamId, string>>;
}

export async function createPixmockHandlers({ upstreams, mocks = {}, scenarios, ...options }: PixmockHandlersOptions): Promise<PixmockHandlers> {
  const plugins = Object.keys(upstreams).map(resolveUpstream);
  // A base URL that cannot serve is refused before anything is loaded.
  for (const plugin of plugins) parseBaseUrl(plugin.id, upstreams[plugin.id] as string);
  const clock = options.clock ?? createSystemClock();
  try {
    // Built as createMockServers builds them (the shared mocks read once), without listening.
    const servers = await buildMockServers(plugins, { ...options, seed: options.seed ?? randomSeed(), clock }, (id) => mocks[id]);
    const built = servers.map((server) => ({ ...server, baseUrl: upstreams[server.id] as string }));
    return await assemblePixmockHandlers(built, { clock, scenarios, adminToken: options.adminToken });
  } catch (error) {
    // A refused start leaves no timer behind on a clock made here; the caller's own clock stays theirs.
    if (!options.clock) clock.dispose();
    throw error;
  }
}
