/**
 * A caching front for {@link renderPlaceholder}: identical specs are rendered once, concurrent
 * identical requests share the one render in flight, and the cache is bounded in bytes (LRU).
 * Data URLs asked for with {@link ImageRenderer.renderDataUrl} are the exception: they are cached
 * from their second request.
 *
 * @example
 * const renderer = createImageRenderer({ cacheMaxBytes: 32 * 1024 * 1024 });
 * const png = await renderer.render({ upstream: 'dify', operation: 'runWorkflow',
 *   width: 512, height: 512, seed: 1, prompt: 'a cat' });
 * renderer.stats(); // { hits: 0, misses: 1, bytes: 58211, entries: 1 }
 */
import { LRUCache } from 'lru-cache';
import { PNG_DATA_URL_PREFIX } from './png-text.js';
import { renderPlaceholder } from './render-placeholder.js';
import type { PlaceholderSpec } from './placeholder-spec.js';
import { stableHash } from './stable-json.js';

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** How many data-URL specs asked once are remembered, so that their second request caches them. */
const ASKED_ONCE_REMEMBERED = 10_000;

export interface ImageRendererOptions {
  /**
   * Upper bound of the bytes kept in the cache — the PNGs plus the data URLs made from them by
   * {@link ImageRenderer.renderDataUrl} (default {@link DEFAULT_CACHE_MAX_BYTES}); 0 disables caching.
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
   * `data:image/png;base64,…` of the PNG for `spec`, as one string (in an array: the shape the
   * aibabe envelope splices).
   * Cached from the spec's second request (or once another request joined its render, or when its
   * PNG is already cached), not its first: the answer carries the image, so only an identical
   * request asks for it again, and most prompts are asked once. Caching those evicted the images
   * that are asked again and left their bytes for frequent major GCs to collect (bench 2 under
   * `--trace-gc`; bench/RESULTS.md).
   */
  renderDataUrl(spec: PlaceholderSpec): Promise<DataUrlPieces>;
  stats(): ImageRendererStats;
}

/** A data URL's text: one ASCII string. */
export type DataUrlPieces = readonly [string];

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
    dataUrl?: string;
  }
  const cache =
    cacheMaxBytes > 0
      ? new LRUCache<string, Entry>({
          maxSize: cacheMaxBytes,
          sizeCalculation: (entry) => Math.max(1, entry.png.length + (entry.dataUrl?.length ?? 0)),
        })
      : undefined;
  /** Renders in flight; `joined` once another request shares one, so its image was asked twice. */
  const inFlight = new Map<string, { entry: Promise<Entry>; joined: boolean }>();
  const askedOnce = cache && new LRUCache<string, true>({ max: ASKED_ONCE_REMEMBERED });
  let hits = 0;
  let misses = 0;

  /**
   * The cache entry for `spec` (shared, never handed to callers as is: the PNG is not theirs to
   * mutate). A new render is cached at once when `cacheFirstRender`, else only once it was asked
   * for before or another request joined it.
   */
  async function entryFor(key: string, spec: PlaceholderSpec, cacheFirstRender: boolean): Promise<Entry> {
    const cached = cache?.get(key);
    if (cached !== undefined) {
      hits += 1;
      return cached;
    }
    const pending = inFlight.get(key);
    if (pending !== undefined) {
      hits += 1;
      pending.joined = true;
      return pending.entry;
    }
    misses += 1;
    const entry = renderFn(spec).then(
      (png) => {
        const joined = inFlight.get(key)?.joined === true;
        inFlight.delete(key);
        const rendered: Entry = { png };
        const askedBefore = askedOnce?.delete(key) === true;
        // An image larger than the whole cache is not kept (lru-cache refuses it).
        if (cacheFirstRender || joined || askedBefore) cache?.set(key, rendered);
        else askedOnce?.set(key, true);
        return rendered;
      },
      (error: unknown) => {
        inFlight.delete(key);
        throw error;
      },
    );
    inFlight.set(key, { entry, joined: false });
    return entry;
  }

  return {
    async render(spec) {
      const entry = await entryFor(placeholderCacheKey(spec), spec, true);
      return Buffer.from(entry.png);
    },
    async renderDataUrl(spec) {
      const key = placeholderCacheKey(spec);
      const entry = await entryFor(key, spec, false);
      if (entry.dataUrl !== undefined) return [entry.dataUrl];
      const dataUrl = `${PNG_DATA_URL_PREFIX}${entry.png.toString('base64')}`;
      if (cache?.peek(key) !== entry) return [dataUrl];
      // A new entry object, so lru-cache recomputes its size with the text (and evicts, or refuses
      // it, within the budget).
      cache.set(key, { png: entry.png, dataUrl });
      return [dataUrl];
    },
    stats() {
      return { hits, misses, bytes: cache?.calculatedSize ?? 0, entries: cache?.size ?? 0 };
    },
  };
}
