/**
 * The library's front door and its composition root: `createMockServer('aibabe', options)` builds
 * one upstream's app (no port), `createMockServers(options)` builds and listens on several with one
 * shared clock. An upstream is named by its id in the registry (src/upstreams/index.ts) or given as
 * a plugin (`defineUpstream`), with its contract and mocks under `contractsDir` / `mocksDir`.
 *
 * @example
 * const servers = await createMockServers({ latency: 'fast', seed: 42, ports: { aibabe: 0, chatfire: 0, dify: 0 } });
 * console.log(servers.upstreams.aibabe.url);
 * await servers.close();
 */
import path from 'node:path';
import { allInOrder, loadContracts, withNullPrototypes, type ContractRegistry } from '../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../imaging/index.js';
import { loadGatewayPages, loadLatencyProfiles, loadMocks, type MockConfig } from '../mocks/index.js';
import { createSystemClock, type Clock } from '../sim/clock.js';
import type { LatencyProfile } from '../sim/latency.js';
import type { RedisOptions } from '../redis/redis-options.js';
import { SILENT_LOGGER, type AnyUpstreamPlugin, type Logger } from '../core/index.js';
import { listen, type ListeningServer, type ShellOptions } from '../server/index.js';
import { UPSTREAMS } from '../upstreams/index.js';
import { composeMockServer, randomSeed, type MockServer } from './compose-mock-server.js';
import { resolveUpstream, type UpstreamId, type UpstreamRef } from './resolve-upstream.js';

export type { MockServer };
export { DEFAULT_PORTS, resolveUpstream, UPSTREAM_IDS, type UpstreamId, type UpstreamRef } from './resolve-upstream.js';


export interface MockServerOptions extends ShellOptions {
  /** Latency profile name from mocks/latency-profiles.yaml: `realistic` (default), `fast`, `instant`. */
  latency?: string;
  /** Divides every simulated wait: 100 turns a 60 s generation into 0.6 s. Default 1. */
  timeScale?: number;
  /** Seed for ids, latencies and images. Default: chosen at random and reported. */
  seed?: number;
  /**
   * Ids replay for the same seed in every process too (byte-identical answers across restarts).
   * Default false: each process mixes its own nonce into ids, so a restarted server never issues
   * an id an earlier one did, while latencies and images still replay.
   */
  replayIds?: boolean;
  mocksDir?: string;
  /** Behaviour data already loaded (e.g. a copy edited in code); replaces reading `mocksDir`. */
  mocks?: MockConfig;
  contractsDir?: string;
  clock?: Clock;
  logger?: Logger;
  /** Shared between upstreams by `createMockServers`; created when omitted. */
  contracts?: ContractRegistry;
  renderer?: ImageRenderer;
}

export interface MockServersOptions extends Omit<MockServerOptions, 'mocks'> {
  /** Port per upstream id; 0 picks a free one. Default: each upstream's `defaultPort` (aibabe 4010, chatfire 4020, dify 4030). */
  ports?: Partial<Record<UpstreamId, number>>;
  /** The upstreams to serve, by registry id or as plugins; default every registry upstream. */
  upstreams?: readonly UpstreamRef[];
  /** How long `close()` lets in-flight requests finish. Default 5000 ms. */
  graceMs?: number;
  /**
   * Shares the state stores, the clock and the active scenario with every other process started
   * with the same Redis and prefix (replicas behind a load balancer). It brings its own clock and
   * state stores, so it cannot be combined with `clock` or `stateStores`; the Redis client is loaded only then.
   */
  redis?: RedisOptions;
}

export interface RunningUpstream extends MockServer {
  url: string;
  port: number;
}

export interface RunningMockServers {
  seed: number;
  upstreams: Record<UpstreamId, RunningUpstream>;
  /** The `ready` event printed by `pixmock serve --json`. */
  readyEvent(): { event: 'ready'; seed: number; upstreams: Record<string, Record<string, string>> };
  /** Stops accepting and lets requests in flight finish for `graceMs` (default: the option); called again, it cuts them sooner. */
  close(graceMs?: number): Promise<void>;
}

export async function createMockServer(upstream: UpstreamRef, options: MockServerOptions = {}): Promise<MockServer> {
  return buildMockServer(resolveUpstream(upstream), options, await loadSharedMocks(options.mocksDir));
}

/** The mocks every upstream reads: loaded once by `createMockServers`, not once per upstream. */
interface SharedMocks {
  profiles: Record<string, LatencyProfile>;
  gatewayPages: Record<string, string>;
}

async function loadSharedMocks(dir: string | undefined): Promise<SharedMocks> {
  const [profiles, gatewayPages] = await allInOrder([loadLatencyProfiles({ dir }), loadGatewayPages({ dir })] as const);
  return { profiles, gatewayPages };
}

async function buildMockServer(plugin: AnyUpstreamPlugin, options: MockServerOptions, { profiles, gatewayPages }: SharedMocks): Promise<MockServer> {
  const { id } = plugin;
  const contracts = (plugin.contractsDir ? undefined : options.contracts) ?? (await loadContracts({ dir: plugin.contractsDir ?? options.contractsDir, upstreams: [id] }));
  // Mocks built in code get the loader's null-prototype tables too (see withNullPrototypes).
  const mocks = options.mocks ? withNullPrototypes(options.mocks) : await loadMocks(id, { dir: plugin.mocksDir ?? options.mocksDir });
  return composeMockServer(plugin, {
    ...options,
    contracts,
    mocks,
    profiles,
    gatewayPages,
    renderer: options.renderer ?? createImageRenderer(),
    logger: options.logger ?? SILENT_LOGGER,
    folders: { mocks: shownFolder(plugin.mocksDir ?? options.mocksDir, 'mocks'), contracts: shownFolder(plugin.contractsDir ?? options.contractsDir, 'contracts') },
  });
}

/**
 * Several upstreams' servers, built and not listening, sharing one seed, clock, contracts registry
 * and renderer; `mocksOf` gives an upstream's behaviour data built in code. Start-up mostly waits on
 * files, so the contracts, the shared mocks and each upstream's mocks are read side by side.
 */
export async function buildMockServers(
  plugins: readonly AnyUpstreamPlugin[],
  options: Omit<MockServerOptions, 'mocks'> & { seed: number; clock: Clock },
  mocksOf: (id: UpstreamId) => MockConfig | undefined = () => undefined,
): Promise<MockServer[]> {
  const [contracts, sharedMocks] = await allInOrder([
    // One registry for the upstreams that keep their contracts in the same folder; one that brings
    // its own folder loads its own (in buildMockServer).
    options.contracts ? Promise.resolve(options.contracts) : loadContracts({ dir: options.contractsDir, upstreams: plugins.filter((plugin) => !plugin.contractsDir).map((plugin) => plugin.id) }),
    loadSharedMocks(options.mocksDir),
  ] as const);
  const shared = { ...options, contracts, renderer: options.renderer ?? createImageRenderer() };
  return allInOrder(plugins.map((plugin) => buildMockServer(plugin, { ...shared, mocks: mocksOf(plugin.id) }, sharedMocks)));
}

export async function createMockServers(options: MockServersOptions = {}): Promise<RunningMockServers> {
  const seed = options.seed ?? randomSeed();
  const plugins = (options.upstreams ?? UPSTREAMS).map(resolveUpstream);
  const replica = options.redis ? await startReplica(options) : undefined;
  const clock = replica?.clock ?? options.clock ?? createSystemClock();
  let listening: ListeningServer[] = [];
  try {
    const servers = await buildMockServers(plugins, { ...options, seed, clock, stateStores: replica?.stateStores ?? options.stateStores });
    const listened = await Promise.allSettled(servers.map((server, index) => {
      const { requestTimeoutMs, sendTimeoutMs } = server.context.limits;
      return listen(server.app, { host: options.host, port: options.ports?.[server.id] ?? plugins[index]!.defaultPort, requestTimeoutMs, sendTimeoutMs });
    }));
    listening = listened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = listened.find((result) => result.status === 'rejected');
    if (refused) throw refused.reason;
    const upstreams: Record<UpstreamId, RunningUpstream> = {};
    for (const [index, server] of servers.entries()) upstreams[server.id] = { ...server, url: listening[index]!.url, port: listening[index]!.port };
    return {
      seed,
      upstreams,
      readyEvent: () => ({
        event: 'ready',
        seed,
        upstreams: Object.fromEntries(Object.entries(upstreams).map(([id, upstream]) => [id, { url: upstream.url, ...upstream.demo }])),
      }),
      async close(graceMs = options.graceMs) {
        for (const upstream of Object.values(upstreams)) upstream.endFeeds();
        await Promise.all(listening.map((handle) => handle.close(graceMs)));
        clock.dispose();
        await replica?.close();
      },
    };
  } catch (error) {
    await Promise.all(listening.map((handle) => handle.close(0)));
    await replica?.close();
    throw error;
  }
}

/** Connects to the replicas' Redis; imported only here, so a server without Redis never loads its client. */
async function startReplica({ redis, clock, stateStores, logger }: MockServersOptions) {
  if (clock || stateStores) throw new RangeError('Failed to start: redis brings its own shared clock and state stores. Pass redis, or clock and stateStores, not both.');
  const { startRedisReplica } = await import('../redis/index.js');
  return startRedisReplica(redis as RedisOptions, logger ?? SILENT_LOGGER);
}

/** A folder as a refused start names it: relative to where pixmock runs, or the shipped folder's name. */
function shownFolder(dir: string | undefined, shipped: string): string {
  return dir === undefined ? shipped : path.relative(process.cwd(), dir) || '.';
}
