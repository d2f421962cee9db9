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
import { pino, type Logger } from 'pino';
import { loadContracts, withNullPrototypes, type ContractRegistry } from '../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../imaging/index.js';
import { loadGatewayPages, loadLatencyProfiles, loadMocks, type MockConfig } from '../mocks/index.js';
import { createSystemClock, type Clock } from '../sim/clock.js';
import { createRandom, PROCESS_NONCE } from '../sim/random.js';
import type { LatencyProfile } from '../sim/latency.js';
import { createSimulation } from '../sim/simulation.js';
import type { RedisOptions } from '../redis/redis-options.js';
import type { AnyUpstreamPlugin } from '../core/index.js';
import { createUpstreamApp, listen, type ListeningServer, type ShellOptions, type UpstreamApp } from '../server/index.js';
import { UPSTREAMS } from '../upstreams/index.js';

/** An upstream of the registry, by id. */
export type UpstreamId = string;
/** An upstream named by its registry id, or given as its plugin. */
export type UpstreamRef = UpstreamId | AnyUpstreamPlugin;

/** The ids of the registry's upstreams, in its order. */
export const UPSTREAM_IDS: readonly UpstreamId[] = UPSTREAMS.map((plugin) => plugin.id);
/** Each registry upstream's `defaultPort`. */
export const DEFAULT_PORTS: Readonly<Record<UpstreamId, number>> = Object.fromEntries(UPSTREAMS.map((plugin) => [plugin.id, plugin.defaultPort]));

/** The plugin an id names, or a refusal naming the ids there are. */
export function resolveUpstream(ref: UpstreamRef): AnyUpstreamPlugin {
  if (typeof ref !== 'string') return ref;
  const plugin = UPSTREAMS.find((candidate) => candidate.id === ref);
  if (!plugin) throw new RangeError(`Failed to start: no upstream "${ref}". Known upstreams: ${UPSTREAM_IDS.join(', ')} (src/upstreams/index.ts), or pass a plugin made with defineUpstream.`);
  return plugin;
}

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

export interface MockServer extends UpstreamApp {
  id: UpstreamId;
  seed: number;
  /** Demo credentials and ids from mocks/ (what `pixmock serve` prints). */
  demo: Record<string, string>;
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
   * with the same Redis and prefix (replicas behind a load balancer). Replaces `clock` and
   * `stateStores`; the Redis client is loaded only then.
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
  const [profiles, gatewayPages] = await Promise.all([loadLatencyProfiles({ dir }), loadGatewayPages({ dir })]);
  return { profiles, gatewayPages };
}

async function buildMockServer(plugin: AnyUpstreamPlugin, options: MockServerOptions, { profiles, gatewayPages }: SharedMocks): Promise<MockServer> {
  const { id } = plugin;
  const seed = options.seed ?? randomSeed();
  const clock = options.clock ?? createSystemClock();
  const contracts = (plugin.contractsDir ? undefined : options.contracts) ?? (await loadContracts({ dir: plugin.contractsDir ?? options.contractsDir, upstreams: [id] }));
  // Mocks built in code get the loader's null-prototype tables too (see withNullPrototypes).
  const mocks = options.mocks ? withNullPrototypes(options.mocks) : await loadMocks(id, { dir: plugin.mocksDir ?? options.mocksDir });
  const profileName = options.latency ?? 'realistic';
  const profile = profiles[profileName];
  if (!profile) {
    throw new RangeError(`Failed to start ${id}: unknown latency profile "${profileName}". Use one of ${Object.keys(profiles).join(', ')} (mocks/latency-profiles.yaml).`);
  }
  const sim = createSimulation({
    clock,
    random: createRandom(seed).fork(id),
    ids: createRandom(seed).fork(options.replayIds ? `${id}-ids` : `${id}-ids-${PROCESS_NONCE}`),
    timeScale: options.timeScale ?? 1,
    profileName,
    profile,
    latency: mocks.latency,
  });
  const upstream = createUpstreamApp(plugin, {
    contracts,
    mocks,
    sim,
    renderer: options.renderer ?? createImageRenderer(),
    logger: options.logger ?? pino({ level: 'silent' }),
    seed,
    gatewayPages,
    limits: options.limits,
    adminToken: options.adminToken,
    host: options.host,
    stateStores: options.stateStores,
    cors: options.cors,
    adminCorsOrigins: options.adminCorsOrigins,
    folders: { mocks: shownFolder(plugin.mocksDir ?? options.mocksDir, 'mocks'), contracts: shownFolder(plugin.contractsDir ?? options.contractsDir, 'contracts') },
  });
  return { ...upstream, id, seed, demo: plugin.demo(upstream.context, upstream.state) };
}

export async function createMockServers(options: MockServersOptions = {}): Promise<RunningMockServers> {
  const seed = options.seed ?? randomSeed();
  const replica = options.redis ? await startReplica(options) : undefined;
  const shared = {
    ...options,
    seed,
    clock: replica?.clock ?? options.clock ?? createSystemClock(),
    stateStores: replica?.stateStores ?? options.stateStores,
    // One registry for the upstreams that keep their contracts in the same folder; one that brings
    // its own folder loads its own (in buildMockServer).
    contracts: options.contracts ?? (await loadContracts({ dir: options.contractsDir, upstreams: (options.upstreams?.map(resolveUpstream) ?? UPSTREAMS).filter((plugin) => !plugin.contractsDir).map((plugin) => plugin.id) })),
    renderer: options.renderer ?? createImageRenderer(),
  };
  const plugins = (options.upstreams ?? UPSTREAMS).map(resolveUpstream);
  const sharedMocks = await loadSharedMocks(options.mocksDir);
  const upstreams: Record<UpstreamId, RunningUpstream> = {};
  const listening: ListeningServer[] = [];
  try {
    for (const plugin of plugins) {
      const { id } = plugin;
      const server = await buildMockServer(plugin, shared, sharedMocks);
      const port = options.ports?.[id] ?? plugin.defaultPort;
      const { requestTimeoutMs, sendTimeoutMs } = server.context.limits;
      const handle = await listen(server.app, { host: options.host, port, requestTimeoutMs, sendTimeoutMs });
      listening.push(handle);
      upstreams[id] = { ...server, url: handle.url, port: handle.port };
    }
  } catch (error) {
    await Promise.all(listening.map((handle) => handle.close(0)));
    await replica?.close();
    throw error;
  }
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
      shared.clock.dispose();
      await replica?.close();
    },
  };
}

/** Connects to the replicas' Redis; imported only here, so a server without Redis never loads its client. */
async function startReplica({ redis, clock, stateStores, logger }: MockServersOptions) {
  if (clock || stateStores) throw new RangeError('Failed to start: redis brings its own shared clock and state stores. Pass redis, or clock and stateStores, not both.');
  const { startRedisReplica } = await import('../redis/index.js');
  return startRedisReplica(redis as RedisOptions, logger ?? pino({ level: 'silent' }));
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** A folder as a refused start names it: relative to where pixmock runs, or the shipped folder's name. */
function shownFolder(dir: string | undefined, shipped: string): string {
  return dir === undefined ? shipped : path.relative(process.cwd(), dir) || '.';
}
