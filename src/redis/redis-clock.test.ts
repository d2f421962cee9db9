import { pino } from 'pino';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { sleep } from '../sim/clock.js';
import { startRedisServer } from '../test-helpers/redis-server.js';
import { connectRedis, type RedisConnection } from './redis-connection.js';
import { createRedisClock } from './redis-clock.js';
import { createSharedSettings } from './shared-settings.js';

const logger = pino({ level: 'silent' });
const redis = await startRedisServer();
const opened: { connection: RedisConnection; dispose(): void }[] = [];
afterEach(async () => {
  for (const { connection, dispose } of opened.splice(0)) {
    dispose();
    await connection.close();
  }
});
afterAll(() => redis.close());

let deployments = 0;
/** A process's clock on the test's Redis. */
async function replica(prefix: string) {
  const connection = await connectRedis({ url: redis.url, logger });
  const clock = await createRedisClock({ settings: await createSharedSettings({ connection, prefix, logger }), logger });
  opened.push({ connection, dispose: () => clock.dispose() });
  return clock;
}

/** Two processes' clocks on one Redis, under a prefix of their own. */
async function twoReplicas() {
  const prefix = `clock${++deployments}:`;
  return Promise.all([replica(prefix), replica(prefix)]);
}

it('fires a timer on one replica when the clock is advanced on another, and keeps both at the same time', async () => {
  const [a, b] = await twoReplicas();
  const due = vi.fn();
  sleep(a, 60_000).then(due);
  await b.advance(60_000);
  await vi.waitFor(() => expect(due).toHaveBeenCalled(), { timeout: 1_000, interval: 5 });
  expect(Math.abs(a.now() - b.now())).toBeLessThan(1_000);
  expect(b.now() - Date.now()).toBeGreaterThanOrEqual(60_000 - 1_000);
});

it('refuses a step the local clock would refuse, before telling anyone', async () => {
  const [a] = await twoReplicas();
  await expect(a.advance(-1)).rejects.toThrow(RangeError);
});

it('gives a Redis restarted empty the offset back, so a replica started afterwards has the same time', async () => {
  const prefix = `clock${++deployments}:`;
  const a = await replica(prefix);
  await a.advance(3_600_000);
  await redis.stop();
  await redis.start();
  await vi.waitFor(async () => expect((await replica(prefix)).now() - Date.now()).toBeGreaterThanOrEqual(3_600_000 - 1_000), { timeout: 10_000, interval: 100 });
});
