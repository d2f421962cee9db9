/**
 * One upstream's app from inputs already in memory: its contract, its behaviour data, the latency
 * profiles and gateway pages. Reads no file, so `pixmock serve` (which reads them from disk first)
 * and the browser bundle (which carries them as data) build their upstreams the same way.
 */
import type { ContractRegistry } from '../contracts/index.js';
import type { AnyUpstreamPlugin, ConfigFolders, Logger } from '../core/index.js';
import type { ImageRenderer } from '../imaging/index.js';
import type { MockConfig } from '../mocks/index.js';
import { createSystemClock, type Clock } from '../sim/clock.js';
import type { LatencyProfile } from '../sim/latency.js';
import { createRandom, PROCESS_NONCE } from '../sim/random.js';
import { createSimulation } from '../sim/simulation.js';
import { createUpstreamApp, type ShellOptions, type UpstreamApp } from '../server/create-upstream-app.js';

export interface MockServer extends UpstreamApp {
  id: string;
  seed: number;
  /** Demo credentials and ids from mocks/ (what `pixmock serve` prints). */
  demo: Record<string, string>;
}

export interface ComposeMockServerOptions extends ShellOptions {
  contracts: ContractRegistry;
  mocks: MockConfig;
  profiles: Record<string, LatencyProfile>;
  gatewayPages: Record<string, string>;
  renderer: ImageRenderer;
  logger: Logger;
  latency?: string;
  timeScale?: number;
  seed?: number;
  replayIds?: boolean;
  clock?: Clock;
  folders?: ConfigFolders;
}

export function composeMockServer(plugin: AnyUpstreamPlugin, options: ComposeMockServerOptions): MockServer {
  const { id } = plugin;
  const seed = options.seed ?? randomSeed();
  const profileName = options.latency ?? 'realistic';
  const profile = options.profiles[profileName];
  if (!profile) {
    throw new RangeError(`Failed to start ${id}: unknown latency profile "${profileName}". Use one of ${Object.keys(options.profiles).join(', ')} (mocks/latency-profiles.yaml).`);
  }
  const sim = createSimulation({
    clock: options.clock ?? createSystemClock(),
    random: createRandom(seed).fork(id),
    ids: createRandom(seed).fork(options.replayIds ? `${id}-ids` : `${id}-ids-${PROCESS_NONCE}`),
    timeScale: options.timeScale ?? 1,
    profileName,
    profile,
    latency: options.mocks.latency,
  });
  const upstream = createUpstreamApp(plugin, {
    contracts: options.contracts,
    mocks: options.mocks,
    sim,
    renderer: options.renderer,
    logger: options.logger,
    seed,
    gatewayPages: options.gatewayPages,
    limits: options.limits,
    adminToken: options.adminToken,
    host: options.host,
    stateStores: options.stateStores,
    cors: options.cors,
    adminCorsOrigins: options.adminCorsOrigins,
    folders: options.folders,
  });
  return { ...upstream, id, seed, demo: plugin.demo(upstream.context, upstream.state) };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
