/**
 * A real `redis-server` for a test: on a free loopback port, in a temporary folder, with no
 * persistence, so nothing outlives the test. `stop()` ends it and `start()` brings it back on the
 * same port (a Redis lost and restarted mid-run); `close()` stops it for good and removes its folder.
 *
 * @example
 * const redis = await startRedisServer();
 * const servers = await createMockServers({ redis: { url: redis.url } });
 * await redis.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Where the Debian package puts it; PIXMOCK_REDIS_SERVER names another binary. */
const REDIS_SERVER = process.env.PIXMOCK_REDIS_SERVER ?? 'redis-server';
const READY_LINE = 'Ready to accept connections';
const START_TIMEOUT_MS = 10_000;

export interface TestRedisServer {
  url: string;
  port: number;
  /** Ends the server (SIGKILL: a crash, not a clean shutdown); its data is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = await spawnRedis(port, dir);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not say "${READY_LINE}" within ${START_TIMEOUT_MS} ms: ${output}`));
    }, START_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Failed to start ${REDIS_SERVER}: ${error.message}. Install it (apt-get install redis-server) or set PIXMOCK_REDIS_SERVER.`, { cause: error }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready: ${output}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      if (!line.includes(READY_LINE)) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(child);
    });
  });
}

/** A port nothing listens on now: the kernel picks it, we let it go, redis-server takes it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
