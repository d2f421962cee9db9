/**
 * Benchmark child: one pixmock upstream on 127.0.0.1 (port 0), built with the public
 * `createMockServer` + `listen` from dist/ (the build `pixmock serve` runs). Prints one JSON line
 * `{"event":"ready","url":…,"port":…,"demo":{…}}` and answers IPC requests:
 *   {type:"stats"} → rss, heap, open connections, renderer stats, pending simulated timers
 *   {type:"gc"}    → runs a full GC first (needs --expose-gc), then the stats
 * Config: one JSON argument, {@link PixmockServerConfig}.
 */
import { createMockServer, listen, type UpstreamId } from '../../dist/index.js';
import { createImageRenderer, DEFAULT_CACHE_MAX_BYTES } from '../../dist/imaging/index.js';

export interface PixmockServerConfig {
  upstream: UpstreamId;
  latency: string;
  timeScale?: number;
  seed?: number;
  mocksDir?: string;
  journalEntries?: number;
  cacheMaxBytes?: number;
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
}

const config = JSON.parse(process.argv[2] ?? '{}') as PixmockServerConfig;
const cacheMaxBytes = config.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES;
const renderer = createImageRenderer({ cacheMaxBytes });
const server = await createMockServer(config.upstream, {
  latency: config.latency,
  timeScale: config.timeScale,
  seed: config.seed ?? 1,
  mocksDir: config.mocksDir,
  renderer,
  limits: config.journalEntries === undefined ? undefined : { journalEntries: config.journalEntries },
});
const handle = await listen(server.app, { host: '127.0.0.1', port: 0 });

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
  };
}

process.on('message', (message: { id: number; type: string }) => {
  void (async () => {
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
