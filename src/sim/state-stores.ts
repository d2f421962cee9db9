/**
 * Bounded, TTL-aware stores for an upstream's state (conversations, coverIds, tasks, files…),
 * over lru-cache. Each store is bounded by entries and by bytes (as {@link approximateBytes}
 * counts key and value), so no sequence of requests, however large their fields, can grow it
 * without end; the least recently used go first. Expiry reads the simulated clock, so advancing
 * it expires entries; `reset()` empties every store an upstream created, which is what
 * `POST /__pixmock/reset` does.
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

export interface StateStores {
  create<V extends {}>(name: string, options: StoreOptions): LRUCache<string, V>;
  reset(): void;
  /** Entries per store. */
  sizes(): Record<string, number>;
  /** Approximate bytes per store. */
  bytes(): Record<string, number>;
}

const sizeOf = (value: unknown, key: string) => Math.max(1, approximateBytes(key) + approximateBytes(value));

/** `maxBytesPerStore` bounds each store; an entry larger than that is not kept at all. */
export function createStateStores(clock: Clock, timeScale = 1, maxBytesPerStore = Number.MAX_SAFE_INTEGER): StateStores {
  const stores = new Map<string, LRUCache<string, {}>>();
  // lru-cache measures TTLs with `perf.now()`; feeding it simulated time scaled back up keeps
  // TTLs in simulated milliseconds whatever the time scale.
  const perf = { now: () => clock.now() * timeScale };
  return {
    create<V extends {}>(name: string, { ttlMs, max }: StoreOptions) {
      const store = new LRUCache<string, V>({ max, maxSize: maxBytesPerStore, sizeCalculation: sizeOf, ttl: ttlMs ?? 0, perf, ttlResolution: 0 });
      stores.set(name, store as unknown as LRUCache<string, {}>);
      return store;
    },
    reset: () => stores.forEach((store) => store.clear()),
    sizes: () => Object.fromEntries([...stores].map(([name, store]) => [name, store.size])),
    bytes: () => Object.fromEntries([...stores].map(([name, store]) => [name, store.calculatedSize])),
  };
}
