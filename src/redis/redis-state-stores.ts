/**
 * State stores kept in Redis, so several pixmock processes (replicas behind a load balancer) share
 * what clients can observe: a task created on one is polled on another, a coverId is consumed once
 * across all of them, a replayed request id is refused by every one. Keys live under
 * `<prefix><upstream>:<store>:`, so several deployments can share one Redis.
 *
 * Each operation is one Lua script (store-scripts.ts) that Redis runs with nothing in between.
 * `update` reads, runs `change` here, and writes with a compare-and-set script, reading again and
 * retrying when another write came first: the same promise as `WATCH`/`MULTI`, without a
 * connection of its own per update. Updates of one key from one process go in batches
 * (update-batches.ts), each batch read once and written once. TTLs are deadlines on the shared simulated clock, checked when
 * an entry is read, so a clock moved forward by `POST /__pixmock/clock` on any replica expires
 * entries on all of them (Redis' own expiry counts wall time, which the admin API cannot move).
 *
 * @example
 * const stores = createRedisStateStores({ connection, prefix: 'pixmock:', settings }); // as startRedisReplica makes them
 */
import { approximateBytes } from '../sim/approximate-bytes.js';
import type { EntryOptions, StateSetting, StateStore, StateStores, StateStoresFactory, StoreOptions } from '../sim/state-stores.js';
import type { RedisConnection } from './redis-connection.js';
import type { SharedSettings } from './shared-settings.js';
import { DELETE, GET, MEASURE, REPLACE, SET, VALUES } from './store-scripts.js';
import { createUpdateBatches, type PendingUpdate } from './update-batches.js';

/** Attempts of one `update` before it gives up: each lost attempt means another write to the key succeeded. */
const MAX_UPDATE_ATTEMPTS = 1_000;
const KEY_SUFFIXES = ['values', 'recency', 'deadlines', 'sizes', 'meta'] as const;
/** REPLACE's arguments after `expected` that delete the entry. */
const NO_ENTRY = (limits: StoreLimits) => ['', '0', '', limits.now(), limits.max, limits.maxBytes];

/** What each replica keeps to itself even with Redis. */
const PER_REPLICA_STATE: readonly string[] = ['request journal', 'held requests and open streams', 'running Dify workflows (their records are shared)'];

export interface RedisStateStoresOptions {
  connection: RedisConnection;
  /** Every key starts with it (`pixmock:`). */
  prefix: string;
  settings: SharedSettings;
}

export function createRedisStateStores({ connection, prefix, settings }: RedisStateStoresOptions): StateStoresFactory {
  return ({ upstream, clock, timeScale, maxBytesPerStore }) => {
    const stores = new Map<string, readonly string[]>();
    const measure = async () => {
      const now = String(clock.now());
      const measured = await Promise.all([...stores].map(async ([name, keys]) => [name, (await connection.run(MEASURE, keys, [now])) as [number, number]] as const));
      return measured;
    };
    return {
      create<V>(name: string, options: StoreOptions): StateStore<V> {
        const keys = KEY_SUFFIXES.map((suffix) => `${prefix}${upstream}:${name}:${suffix}`);
        stores.set(name, keys);
        const deadline = (entry?: EntryOptions) => {
          const ttlMs = entry?.ttlMs ?? options.ttlMs;
          return ttlMs === undefined ? '' : String(clock.now() + ttlMs / timeScale);
        };
        return redisStore<V>(connection, keys, { now: () => String(clock.now()), deadline, max: String(options.max), maxBytes: String(maxBytesPerStore) });
      },
      setting: (name): StateSetting => settings.field(`${upstream}:${name}`),
      info: () => ({ kind: 'redis', available: connection.available(), perReplica: PER_REPLICA_STATE }),
      async reset() {
        const keys = [...stores.values()].flat();
        if (keys.length > 0) await connection.command(['DEL', ...keys]);
      },
      sizes: async () => Object.fromEntries((await measure()).map(([name, [entries]]) => [name, entries])),
      bytes: async () => Object.fromEntries((await measure()).map(([name, [, bytes]]) => [name, bytes])),
    } satisfies StateStores;
  };
}

interface StoreLimits {
  now(): string;
  /** The clock time an entry written now expires at, '' for none. */
  deadline(options?: EntryOptions): string;
  max: string;
  maxBytes: string;
}

function redisStore<V>(connection: RedisConnection, keys: readonly string[], limits: StoreLimits): StateStore<V> {
  const read = async (key: string) => (await connection.run(GET, keys, [key, limits.now()])) as string | null;
  const entry = (key: string, value: V, options?: EntryOptions) => {
    const json = JSON.stringify(value);
    return [json, String(Math.max(1, approximateBytes(key) + approximateBytes(value))), limits.deadline(options), limits.now(), limits.max, limits.maxBytes];
  };
  /** Applies a batch's changes in turn to the stored value and writes the outcome if it is still the value read, else starts again. */
  const commitBatch = async (key: string, batch: readonly PendingUpdate<V>[]) => {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const json = await read(key);
      const stored = json === null ? undefined : (JSON.parse(json) as V);
      let value = stored;
      let options: EntryOptions | undefined;
      const outcomes = batch.map((update) => {
        try {
          const after = update.change(value);
          value = after;
          options = update.options;
          return () => update.resolve(after);
        } catch (error) {
          // Refused: nothing of this change is written, the batch's others are.
          return () => update.reject(error);
        }
      });
      const written = value === stored || (await connection.run(REPLACE, keys, [key, json ?? '', ...(value === undefined ? NO_ENTRY(limits) : entry(key, value, options))])) === 1;
      if (written) {
        for (const settle of outcomes) settle();
        return;
      }
    }
    throw new Error(`Failed to update ${keys[0]} ${key}: another replica's write came first ${MAX_UPDATE_ATTEMPTS} times. Fewer clients writing the same key at once would let it through.`);
  };
  const update = createUpdateBatches<V>(commitBatch);
  return {
    async get(key) {
      const json = await read(key);
      return json === null ? undefined : (JSON.parse(json) as V);
    },
    async set(key, value, options) {
      await connection.run(SET, keys, [key, ...entry(key, value, options)]);
    },
    async delete(key) {
      return (await connection.run(DELETE, keys, [key, limits.now()])) === 1;
    },
    update,
    async count() {
      return ((await connection.run(MEASURE, keys, [limits.now()])) as [number, number])[0];
    },
    async values() {
      return ((await connection.run(VALUES, keys, [limits.now()])) as string[]).map((json) => JSON.parse(json) as V);
    },
  };
}
