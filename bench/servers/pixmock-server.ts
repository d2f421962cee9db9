/**
 * Benchmark child: one pixmock upstream on 127.0.0.1 (port 0), built with the public
 * `createMockServer` + `listen` from dist/ (the build `pixmock serve` runs). Prints one JSON line
 * `{"event":"ready","url":…,"port":…,"demo":{…}}` and answers IPC requests:
 *   {type:"stats"} → rss, heap, open connections, renderer stats, pending simulated timers
 *   {type:"gc"}    → runs a full GC first (needs --expose-gc), then the stats
 *   {type:"snapshot"} → writes a heap snapshot (v8.writeHeapSnapshot) and answers its file with the stats
 * Config: one JSON argument, {@link PixmockServerConfig}. With `redis`, the upstream keeps its
 * state, clock offset and scenario in that Redis, as `pixmock serve --redis` does.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UpstreamId } from '../../dist/index.js';

export interface PixmockServerConfig {
  upstream: UpstreamId;
  latency: string;
  timeScale?: number;
  seed?: number;
  mocksDir?: string;
  journalEntries?: number;
  cacheMaxBytes?: number;
  /** Another build to serve (an ablation, bench/ablation.ts); default the repository's dist/. */
  distDir?: string;
  redis?: { url: string; prefix: string };
}

export interface PixmockServerStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  connections: number;
  renderer: { hits: number; misses: number; bytes: number; entries: number };
  cacheMaxBytes: number;
  pendingTimers: number;
  /** process.cpuUsage() in microseconds, user + system. */
  cpuMicros: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as PixmockServerConfig;
const distDir = config.distDir ?? join(import.meta.dirname, '../../dist');
const { createMockServer, listen } = (await import(pathToFileURL(join(distDir, 'index.js')).href)) as typeof import('../../dist/index.js');
const { createImageRenderer, DEFAULT_CACHE_MAX_BYTES } = (await import(pathToFileURL(join(distDir, 'imaging/index.js')).href)) as typeof import('../../dist/imaging/index.js');
const cacheMaxBytes = config.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES;
const renderer = createImageRenderer({ cacheMaxBytes });
const replica = config.redis === undefined ? undefined : await startReplica(config.redis);
const server = await createMockServer(config.upstream, {
  clock: replica?.clock,
  stateStores: replica?.stateStores,
  latency: config.latency,
  timeScale: config.timeScale,
  seed: config.seed ?? 1,
  mocksDir: config.mocksDir,
  renderer,
  limits: config.journalEntries === undefined ? undefined : { journalEntries: config.journalEntries },
});
const handle = await listen(server.app, { host: '127.0.0.1', port: 0 });

/** What `createMockServers({ redis })` starts, taken from the build directly: createMockServer has no `redis` option. */
async function startReplica(redis: { url: string; prefix: string }) {
  const { startRedisReplica } = (await import(pathToFileURL(join(distDir, 'redis/index.js')).href)) as typeof import('../../dist/redis/index.js');
  const { pino } = await import('pino');
  return startRedisReplica(redis, pino({ level: 'warn' }, pino.destination(2)));
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function stats(): Promise<PixmockServerStats> {
  const memory = process.memoryUsage();
  const connections = await new Promise<number>((resolve) => handle.server.getConnections((_error, count) => resolve(count)));
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    connections,
    renderer: renderer.stats(),
    cacheMaxBytes,
    pendingTimers: server.context.sim.clock.pendingTimers(),
    cpuMicros: cpuMicros(),
  };
}

process.on('message', (message: { id: number; type: string }) => {
  void (async () => {
    if (message.type === 'snapshot') {
      const { writeHeapSnapshot } = await import('node:v8');
      process.send?.({ id: message.id, file: writeHeapSnapshot(), ...(await stats()) });
      return;
    }
    if (message.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
    }
    process.send?.({ id: message.id, ...(await stats()) });
  })();
});

process.once('SIGTERM', () => {
  void handle.close(0).then(() => process.exit(0));
});

process.stdout.write(`${JSON.stringify({ event: 'ready', url: handle.url, port: handle.port, demo: server.demo })}\n`);
