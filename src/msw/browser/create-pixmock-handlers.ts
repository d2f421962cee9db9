/**
 * `pixmock/msw` in the page: the same upstream apps as in Node, composed from the contracts and
 * mocks the bundle carries as data, on the page's clock. Placeholders are drawn by the page's own
 * SVG renderer and fonts; signatures use a pure-JS HMAC (src/msw/browser/node/crypto.ts).
 *
 * @example
 * import { setupWorker } from 'msw/browser';
 * import { createPixmockHandlers } from 'pixmock/msw';
 * const pixmock = await createPixmockHandlers({ upstreams: { chatfire: 'https://api.chatfire.site' }, latency: 'fast' });
 * await setupWorker(...pixmock.handlers).start();
 */
import { gatewayPages, latencyProfiles, loadUpstream } from 'pixmock:bundled-data';
import { composeMockServer, randomSeed, type ComposeMockServerOptions } from '../../app/compose-mock-server.js';
import { resolveUpstream } from '../../app/resolve-upstream.js';
import { contractsFromData, withNullPrototypes } from '../../contracts/index.js';
import { SILENT_LOGGER } from '../../core/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import type { MockConfig } from '../../mocks/index.js';
import { createSystemClock } from '../../sim/clock.js';
import { assemblePixmockHandlers, type PixmockHandlers } from '../pixmock-handlers.js';

type ComposedOptions = Omit<ComposeMockServerOptions, 'contracts' | 'mocks' | 'profiles' | 'gatewayPages' | 'renderer' | 'logger' | 'folders'>;

export interface BrowserPixmockHandlersOptions extends ComposedOptions, Partial<Pick<ComposeMockServerOptions, 'renderer' | 'logger'>> {
  /** The upstreams to mock, by id, each with the base URL the page calls: `{ chatfire: 'https://api.chatfire.site' }`. */
  upstreams: Partial<Record<string, string>>;
  /** Behaviour data per upstream, replacing the bundled copy of its mocks/<id>/. */
  mocks?: Partial<Record<string, MockConfig>>;
  /** The scenario every request of an upstream gets (what `PUT /__pixmock/scenario` sets), kept across `reset()`. */
  scenarios?: Partial<Record<string, string>>;
}

export async function createPixmockHandlers({ upstreams, mocks = {}, scenarios, ...options }: BrowserPixmockHandlersOptions): Promise<PixmockHandlers> {
  const plugins = Object.keys(upstreams).map(resolveUpstream);
  const bundled = await Promise.all(plugins.map((plugin) => loadUpstream(plugin.id)));
  const contracts = await contractsFromData(Object.fromEntries(plugins.map((plugin, i) => [plugin.id, bundled[i]!.contract])));
  const shared = {
    ...options,
    seed: options.seed ?? randomSeed(),
    clock: options.clock ?? createSystemClock(),
    contracts,
    profiles: withNullPrototypes(latencyProfiles),
    gatewayPages: withNullPrototypes(gatewayPages),
    renderer: options.renderer ?? createImageRenderer(),
    logger: options.logger ?? SILENT_LOGGER,
  };
  const built = plugins.map((plugin, i) => ({
    ...composeMockServer(plugin, { ...shared, mocks: withNullPrototypes(mocks[plugin.id] ?? bundled[i]!.mocks) }),
    baseUrl: upstreams[plugin.id] as string,
  }));
  return assemblePixmockHandlers(built, { clock: shared.clock, scenarios, adminToken: options.adminToken });
}
