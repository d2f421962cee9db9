/**
 * What replicas share through Redis, started together: the connections, the shared settings, the
 * clock and the state stores. `createMockServers` imports this module only when given `redis`,
 * so a server without Redis never loads the client.
 *
 * @example
 * // What createMockServers({ redis: { url: 'redis://127.0.0.1:6379' } }) does with it:
 * const replica = await startRedisReplica({ url: 'redis://127.0.0.1:6379' }, logger);
 * // … the upstreams built with replica.clock and replica.stateStores …
 * await replica.close();
 */
import type { Logger } from '../core/index.js';
import type { Clock } from '../sim/clock.js';
import type { StateStoresFactory } from '../sim/state-stores.js';
import { connectRedis } from './redis-connection.js';
import { createRedisClock } from './redis-clock.js';
import { DEFAULT_REDIS_PREFIX, type RedisOptions } from './redis-options.js';
import { createRedisStateStores } from './redis-state-stores.js';
import { createSharedSettings } from './shared-settings.js';


export interface RedisReplica {
  clock: Clock;
  stateStores: StateStoresFactory;
  close(): Promise<void>;
}

export async function startRedisReplica({ url, prefix = DEFAULT_REDIS_PREFIX }: RedisOptions, logger: Logger): Promise<RedisReplica> {
  const connection = await connectRedis({ url, logger });
  try {
    const settings = await createSharedSettings({ connection, prefix, logger });
    const clock = await createRedisClock({ settings, logger });
    return {
      clock,
      stateStores: createRedisStateStores({ connection, prefix, settings }),
      async close() {
        clock.dispose();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
