import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../sim/clock.js';
import { startRedisServer } from '../test-helpers/redis-server.js';
import { describeStateStores } from '../test-helpers/state-stores-conformance.js';
import { connectRedis } from './redis-connection.js';
import { createRedisStateStores } from './redis-state-stores.js';
import { createSharedSettings } from './shared-settings.js';

const logger = pino({ level: 'silent' });
const redis = await startRedisServer();
const connection = await connectRedis({ url: redis.url, logger });
afterAll(async () => {
  await connection.close();
  await redis.close();
});

const settings = await createSharedSettings({ connection, prefix: 'test:', logger });
let deployments = 0;
/** Each test its own prefix, as if each were a deployment of its own on the one Redis. */
const freshStores = () => createRedisStateStores({ connection, prefix: `test${++deployments}:`, settings });
describeStateStores('redis', (options) => freshStores()(options));

describe('redis state stores', () => {
  const storesOf = () => freshStores()({ upstream: 'test', clock: createManualClock(), timeScale: 1, maxBytesPerStore: 10_000 });

  it('let exactly one of two processes consume an entry they both race for', async () => {
    const other = await connectRedis({ url: redis.url, logger });
    try {
      const prefix = `race${++deployments}:`;
      const make = async (link: typeof connection) => createRedisStateStores({ connection: link, prefix, settings: await createSharedSettings({ connection: link, prefix, logger }) })({ upstream: 'aibabe', clock: createManualClock(), timeScale: 1, maxBytesPerStore: 10_000 }).create<string>('covers', { max: 10 });
      const [a, b] = [await make(connection), await make(other)];
      await a.set('cover', 'x');
      const consumed = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).delete('cover')));
      expect(consumed.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('keep no entry larger than the bytes each store may hold, and drop the oldest to fit a new one', async () => {
    const notes = storesOf().create<string>('notes', { max: 100 });
    await notes.set('huge', 'x'.repeat(6_000));
    expect(await notes.get('huge')).toBeUndefined();
    for (const key of ['a', 'b', 'c']) await notes.set(key, 'y'.repeat(2_000));
    expect(await notes.get('a')).toBeUndefined();
    expect(await notes.get('c')).toBeDefined();
  });

  it('share a setting between processes and tell the other one when it changes', async () => {
    const other = await connectRedis({ url: redis.url, logger });
    try {
      const prefix = `settings${++deployments}:`;
      const here = await createSharedSettings({ connection, prefix, logger });
      const there = await createSharedSettings({ connection: other, prefix, logger });
      const told = new Promise((resolve) => there.onChange('aibabe:scenario', resolve));
      await here.field('aibabe:scenario').set('runpod_failure');
      expect(await told).toBe('runpod_failure');
      expect(there.field('aibabe:scenario').get()).toBe('runpod_failure');
    } finally {
      await other.close();
    }
  });
});
