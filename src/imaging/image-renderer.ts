/**
 * A caching front for {@link renderPlaceholder}: identical specs are rendered once, concurrent
 * identical requests share the one render in flight, and the cache is bounded in bytes (LRU).
 *
 * @example
 * const renderer = createImageRenderer({ cacheMaxBytes: 32 * 1024 * 1024 });
 * const png = await renderer.render({ upstream: 'dify', operation: 'runWorkflow',
 *   width: 512, height: 512, seed: 1, prompt: 'a cat' });
 * renderer.stats(); // { hits: 0, misses: 1, bytes: 58211, entries: 1 }
 */
import { LRUCache } from 'lru-cache';
import { renderPlaceholder } from './render-placeholder.js';
import type { PlaceholderSpec } from './render-placeholder.js';
import { stableHash } from './stable-json.js';

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

export interface ImageRendererOptions {
  /**
   * Upper bound of the bytes kept in the cache — the PNGs plus the data URLs made from them by
   * {@link ImageRenderer.renderDataUrlBytes} (default 64 MiB); 0 disables caching.
   */
  cacheMaxBytes?: number;
  /** The render function (default {@link renderPlaceholder}); tests may wrap it to count calls. */
  renderFn?: (spec: PlaceholderSpec) => Promise<Buffer>;
}

export interface ImageRendererStats {
  /** Requests answered without a new render: from the cache, or by joining a render in flight. */
  hits: number;
  /** Requests that started a render. */
  misses: number;
  /** Bytes held in the cache: the PNGs plus the data URLs made from them. */
  bytes: number;
  /** Images held in the cache. */
  entries: number;
}

export interface ImageRenderer {
  /** The PNG for `spec`; each call gets its own copy of the bytes, so callers may mutate it. */
  render(spec: PlaceholderSpec): Promise<Buffer>;
  /**
   * `data:image/png;base64,…` of the PNG for `spec`, as ASCII bytes. They are cached with the PNG
   * (within the same byte budget) and shared by every caller, who must not modify them: repeats
   * cost neither a render, a base64 encoding nor a copy, and an answer can write them as they are.
   */
  renderDataUrlBytes(spec: PlaceholderSpec): Promise<Buffer>;
  stats(): ImageRendererStats;
}

/** The cache key: equal specs (whatever the key order of `inputs`) give equal keys. */
export function placeholderCacheKey(spec: PlaceholderSpec): string {
  const { upstream, operation, width, height, seed, prompt, inputs, referenceImage } = spec;
  return stableHash({ upstream, operation, width, height, seed, prompt, inputs: inputs ?? {}, referenceImage: referenceImage === true });
}

export function createImageRenderer({
  cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES,
  renderFn = renderPlaceholder,
}: ImageRendererOptions = {}): ImageRenderer {
  if (!Number.isInteger(cacheMaxBytes) || cacheMaxBytes < 0) {
    throw new RangeError(
      `Failed to create the image renderer: cacheMaxBytes must be a non-negative integer, got ${cacheMaxBytes}.`,
    );
  }
  /** One cached image: the PNG and, once asked for, its data URL (counted in the entry's size). */
  interface Entry {
    png: Buffer;
    dataUrl?: Buffer;
  }
  const cache =
    cacheMaxBytes > 0
      ? new LRUCache<string, Entry>({
          maxSize: cacheMaxBytes,
          sizeCalculation: (entry) => Math.max(1, entry.png.length + (entry.dataUrl?.length ?? 0)),
        })
      : undefined;
  const inFlight = new Map<string, Promise<Entry>>();
  let hits = 0;
  let misses = 0;

  /** The cache entry for `spec` (shared, never handed to callers as is: the PNG is not theirs to mutate). */
  async function entryFor(key: string, spec: PlaceholderSpec): Promise<Entry> {
    const cached = cache?.get(key);
    if (cached !== undefined) {
      hits += 1;
      return cached;
    }
    let pending = inFlight.get(key);
    if (pending !== undefined) {
      hits += 1;
    } else {
      misses += 1;
      pending = renderFn(spec).then(
        (png) => {
          inFlight.delete(key);
          const entry: Entry = { png };
          // An image larger than the whole cache is not kept (lru-cache refuses it).
          cache?.set(key, entry);
          return entry;
        },
        (error: unknown) => {
          inFlight.delete(key);
          throw error;
        },
      );
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    async render(spec) {
      const entry = await entryFor(placeholderCacheKey(spec), spec);
      return Buffer.from(entry.png);
    },
    async renderDataUrlBytes(spec) {
      const key = placeholderCacheKey(spec);
      const entry = await entryFor(key, spec);
      if (entry.dataUrl !== undefined) return entry.dataUrl;
      const dataUrl = Buffer.from(`data:image/png;base64,${entry.png.toString('base64')}`, 'latin1');
      // A new entry object, so lru-cache recomputes its size with the text (and evicts, or refuses
      // it, within the budget). Only while the PNG is still cached: an evicted image is not brought back.
      if (cache?.peek(key) === entry) cache.set(key, { png: entry.png, dataUrl });
      return dataUrl;
    },
    stats() {
      return { hits, misses, bytes: cache?.calculatedSize ?? 0, entries: cache?.size ?? 0 };
    },
  };
}
