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
  /** Upper bound of the bytes of PNG kept in the cache (default 64 MiB); 0 disables caching. */
  cacheMaxBytes?: number;
  /** The render function (default {@link renderPlaceholder}); tests may wrap it to count calls. */
  renderFn?: (spec: PlaceholderSpec) => Promise<Buffer>;
}

export interface ImageRendererStats {
  /** Requests answered without a new render: from the cache, or by joining a render in flight. */
  hits: number;
  /** Requests that started a render. */
  misses: number;
  /** Bytes of PNG held in the cache. */
  bytes: number;
  /** Images held in the cache. */
  entries: number;
}

export interface ImageRenderer {
  /** The PNG for `spec`; each call gets its own copy of the bytes, so callers may mutate it. */
  render(spec: PlaceholderSpec): Promise<Buffer>;
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
  const cache =
    cacheMaxBytes > 0
      ? new LRUCache<string, Buffer>({ maxSize: cacheMaxBytes, sizeCalculation: (png) => Math.max(1, png.length) })
      : undefined;
  const inFlight = new Map<string, Promise<Buffer>>();
  let hits = 0;
  let misses = 0;

  return {
    async render(spec) {
      const key = placeholderCacheKey(spec);
      const cached = cache?.get(key);
      if (cached !== undefined) {
        hits += 1;
        return Buffer.from(cached);
      }
      let pending = inFlight.get(key);
      if (pending !== undefined) {
        hits += 1;
      } else {
        misses += 1;
        pending = renderFn(spec).then(
          (png) => {
            inFlight.delete(key);
            // An image larger than the whole cache is not kept (lru-cache refuses it).
            cache?.set(key, png);
            return png;
          },
          (error: unknown) => {
            inFlight.delete(key);
            throw error;
          },
        );
        inFlight.set(key, pending);
      }
      return Buffer.from(await pending);
    },
    stats() {
      return { hits, misses, bytes: cache?.calculatedSize ?? 0, entries: cache?.size ?? 0 };
    },
  };
}
