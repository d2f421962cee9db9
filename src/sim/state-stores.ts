/**
 * Where an upstream keeps what it remembers between requests (conversations, coverIds, tasks,
 * files…): named stores behind an asynchronous interface, so that a store kept outside the
 * process (Redis, shared by replicas) can replace the in-memory default without touching a
 * handler. Values are plain data (what JSON can carry): a shared store keeps a serialized copy,
 * so the in-memory store freezes what it keeps and a handler that changes a value in place fails
 * here, not only on Redis. Live handles (a running workflow a stop request ends) stay in the
 * process, outside the stores.
 *
 * The in-memory stores run over lru-cache, each bounded by entries and by bytes (as
 * {@link approximateBytes} counts key and value), so no sequence of requests can grow one without
 * end; the least recently used go first. Expiry reads the simulated clock; `reset()` empties every
 * store, which is what `POST /__pixmock/reset` does.
 *
 * @example
 * const covers = stores.create<Cover>('covers', { max: 10_000, ttlMs: 30 * 60_000 });
 * await covers.set(cover.coverId, cover);
 * const spent = await covers.delete(coverId); // true once: one caller consumes a coverId
 */
import { LRUCache } from 'lru-cache';
import { approximateBytes } from './approximate-bytes.js';
import type { Clock } from './clock.js';

export interface StoreOptions {
  /** Simulated milliseconds an entry lives; omit for no expiry. */
  ttlMs?: number;
  /** Entries kept at most; the least recently used go first. */
  max: number;
}

export interface EntryOptions {
  /** Simulated milliseconds this entry lives, instead of the store's `ttlMs`. */
  ttlMs?: number;
}

/** What `change` in {@link StateStore.update} returns: the next value, `current` to leave the entry as it is, undefined to delete it. */
export type StoreChange<V> = (current: V | undefined) => V | undefined;

export interface StateStore<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, options?: EntryOptions): Promise<void>;
  /** Removes the entry; true when there was one, so of two callers consuming the same entry only one gets true. */
  delete(key: string): Promise<boolean>;
  /**
   * Reads the entry and writes what `change` makes of it, with no other write to the key in
   * between. A shared store may run `change` again after a conflicting write, so it should only
   * compute; it may throw to refuse, and then nothing is written. Resolves to the value stored after.
   */
  update(key: string, change: StoreChange<V>, options?: EntryOptions): Promise<V | undefined>;
  /** Entries not expired. */
  count(): Promise<number>;
  /** Every value not expired, in no promised order. */
  values(): Promise<V[]>;
}

/**
 * A small value every request reads (the active scenario): read without waiting, so a shared
 * store keeps a copy in the process and refreshes it when any replica sets it.
 */
export interface StateSetting {
  get(): string | undefined;
  /** Sets it (undefined clears it) for every process sharing the stores. */
  set(value: string | undefined): Promise<void>;
}

/** Where the stores keep their entries, as `/__pixmock/health` reports it. */
export interface StateStoresInfo {
  kind: 'memory' | 'redis';
  /** False while a store outside the process does not answer (health then says `degraded`). */
  available: boolean;
  /** For stores shared by replicas: what each replica still keeps to itself. */
  perReplica?: readonly string[];
}

export interface StateStores {
  create<V>(name: string, options: StoreOptions): StateStore<V>;
  setting(name: string): StateSetting;
  info(): StateStoresInfo;
  /** Empties every store. */
  reset(): Promise<void>;
  /** Entries per store. */
  sizes(): Promise<Record<string, number>>;
  /** Approximate bytes per store. */
  bytes(): Promise<Record<string, number>>;
}

/** How the shell makes an upstream's stores: `createMemoryStateStores` unless `createMockServers` is given another. */
export type StateStoresFactory = (options: StateStoresOptions) => StateStores;

export interface StateStoresOptions {
  /** The upstream the stores belong to (a shared store prefixes its keys with it). */
  upstream: string;
  clock: Clock;
  /** Simulated milliseconds per clock millisecond. */
  timeScale: number;
  /** Approximate bytes each store keeps at most; an entry larger than that is not kept. */
  maxBytesPerStore: number;
}

const sizeOf = (value: unknown, key: string) => Math.max(1, approximateBytes(key) + approximateBytes(value));

export const createMemoryStateStores: StateStoresFactory = ({ clock, timeScale, maxBytesPerStore }) => {
  const stores = new Map<string, MemoryCache>();
  const settings = new Map<string, string>();
  // lru-cache measures TTLs with `perf.now()`; feeding it simulated time scaled back up keeps
  // TTLs in simulated milliseconds whatever the time scale.
  const perf = { now: () => clock.now() * timeScale };
  return {
    create<V>(name: string, { ttlMs, max }: StoreOptions): StateStore<V> {
      const store = new MemoryCache(() => new LRUCache<string, {}>({ max, maxSize: maxBytesPerStore, sizeCalculation: sizeOf, ttl: ttlMs ?? 0, perf, ttlResolution: 0 }));
      stores.set(name, store);
      return memoryStore<V>(store);
    },
    setting: (name) => ({
      get: () => settings.get(name),
      async set(value) {
        if (value === undefined) settings.delete(name);
        else settings.set(name, value);
      },
    }),
    info: () => ({ kind: 'memory', available: true }),
    reset: async () => stores.forEach((store) => store.written?.clear()),
    sizes: async () => Object.fromEntries([...stores].map(([name, store]) => [name, store.live()?.size ?? 0])),
    bytes: async () => Object.fromEntries([...stores].map(([name, store]) => [name, store.live()?.calculatedSize ?? 0])),
  };
};

/**
 * One store's cache, made on its first write: lru-cache allocates its arrays for `max` entries up
 * front, which for every store of every upstream is a large share of start-up.
 */
class MemoryCache {
  written: LRUCache<string, {}> | undefined;

  constructor(private readonly make: () => LRUCache<string, {}>) {}

  forWriting(): LRUCache<string, {}> {
    return (this.written ??= this.make());
  }

  /** The cache without its expired entries, or undefined while nothing was written. */
  live(): LRUCache<string, {}> | undefined {
    this.written?.purgeStale();
    return this.written;
  }
}

function memoryStore<V>(store: MemoryCache): StateStore<V> {
  const read = (key: string) => store.written?.get(key) as V | undefined;
  const write = (key: string, value: V, options?: EntryOptions) => {
    store.forWriting().set(key, deepFreeze(value) as {}, options?.ttlMs === undefined ? undefined : { ttl: options.ttlMs });
  };
  return {
    get: async (key) => read(key),
    set: async (key, value, options) => write(key, value, options),
    // lru-cache's delete also finds an entry past its TTL, `has` does not: an expired coverId reads as already spent.
    delete: async (key) => (store.written?.has(key) ?? false) && store.written!.delete(key),
    async update(key, change, options) {
      const current = read(key);
      const next = change(current);
      if (next === undefined) store.written?.delete(key);
      else if (next !== current) write(key, next, options);
      return next;
    },
    count: async () => store.live()?.size ?? 0,
    values: async () => [...(store.live()?.values() ?? [])] as V[],
  };
}

/** Freezes a value and everything it holds, so a change in place throws instead of passing unseen. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}
