import { expect, it } from 'vitest';
import { createImageRenderer, placeholderCacheKey } from './image-renderer.js';
import { readPlaceholderInfo } from './png-text.js';
import { renderPlaceholder } from './render-placeholder.js';
import type { PlaceholderSpec } from './placeholder-spec.js';

const spec: PlaceholderSpec = {
  upstream: 'dify',
  operation: 'runWorkflow',
  width: 256,
  height: 256,
  seed: 1,
  prompt: '一个胸有成竹的男人',
};

/** The real renderer, counting how often it actually runs. */
function countingRender() {
  const calls: PlaceholderSpec[] = [];
  const renderFn = async (s: PlaceholderSpec) => {
    calls.push(s);
    return renderPlaceholder(s);
  };
  return { calls, renderFn };
}

it('renders once and answers repeats from the cache', async () => {
  const { calls, renderFn } = countingRender();
  const renderer = createImageRenderer({ renderFn });
  const first = await renderer.render(spec);
  const second = await renderer.render({ ...spec });
  expect(second.equals(first)).toBe(true);
  expect(calls).toHaveLength(1);
  expect(renderer.stats()).toEqual({ hits: 1, misses: 1, bytes: first.length, entries: 1 });
});

it('gives each caller its own copy of the bytes', async () => {
  const renderer = createImageRenderer();
  const first = await renderer.render(spec);
  first.fill(0);
  const second = await renderer.render(spec);
  expect(readPlaceholderInfo(second)?.prompt).toBe(spec.prompt);
});

it('keys equal specs alike whatever the key order of inputs', () => {
  expect(placeholderCacheKey({ ...spec, inputs: { a: 1, b: { c: 2, d: 3 } } })).toBe(
    placeholderCacheKey({ inputs: { b: { d: 3, c: 2 }, a: 1 }, ...spec }),
  );
  expect(placeholderCacheKey({ ...spec, seed: 2 })).not.toBe(placeholderCacheKey(spec));
  expect(placeholderCacheKey({ ...spec, referenceImage: true })).not.toBe(placeholderCacheKey(spec));
});

it('shares one render among concurrent identical requests', async () => {
  const { calls, renderFn } = countingRender();
  const renderer = createImageRenderer({ renderFn });
  const results = await Promise.all(Array.from({ length: 8 }, () => renderer.render({ ...spec, seed: 99 })));
  expect(calls).toHaveLength(1);
  expect(results.every((png) => png.equals(results[0]!))).toBe(true);
  expect(renderer.stats()).toMatchObject({ hits: 7, misses: 1, entries: 1 });
});

it('renders concurrent different requests separately', async () => {
  const { calls, renderFn } = countingRender();
  const renderer = createImageRenderer({ renderFn });
  await Promise.all([1, 2, 3].map((seed) => renderer.render({ ...spec, seed })));
  expect(calls).toHaveLength(3);
  expect(renderer.stats()).toMatchObject({ hits: 0, misses: 3, entries: 3 });
});

it('evicts the least recently used image when the cache is smaller than two images', async () => {
  const size = (await renderPlaceholder(spec)).length;
  const renderer = createImageRenderer({ cacheMaxBytes: Math.floor(size * 1.5) });
  await renderer.render(spec);
  await renderer.render({ ...spec, seed: 2 });
  const stats = renderer.stats();
  expect(stats.entries).toBe(1);
  expect(stats.bytes).toBeLessThanOrEqual(Math.floor(size * 1.5));
  await renderer.render(spec); // evicted: rendered again
  expect(renderer.stats()).toMatchObject({ hits: 0, misses: 3, entries: 1 });
});

it('keeps the cached bytes within the bound over many renders', async () => {
  const bound = 200_000;
  const renderer = createImageRenderer({ cacheMaxBytes: bound });
  for (let seed = 0; seed < 12; seed += 1) {
    await renderer.render({ ...spec, seed });
    expect(renderer.stats().bytes).toBeLessThanOrEqual(bound);
  }
  expect(renderer.stats().entries).toBeGreaterThan(0);
});

it('does not cache an image larger than the whole cache, and caches nothing with cacheMaxBytes 0', async () => {
  for (const cacheMaxBytes of [10, 0]) {
    const renderer = createImageRenderer({ cacheMaxBytes });
    await renderer.render(spec);
    await renderer.render(spec);
    expect(renderer.stats()).toEqual({ hits: 0, misses: 2, bytes: 0, entries: 0 });
  }
});

/** A renderer whose renders fail ("boom") until `recover()` is called. */
function failingRenderer() {
  let fail = true;
  const renderer = createImageRenderer({
    renderFn: async (s) => {
      if (fail) throw new Error('boom');
      return renderPlaceholder(s);
    },
  });
  return { renderer, recover: () => (fail = false) };
}

it('does not cache a failed render, and the next request tries again', async () => {
  const { renderer, recover } = failingRenderer();
  const failures = await Promise.allSettled([renderer.render(spec), renderer.render(spec)]);
  expect(failures.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  recover();
  await expect(renderer.render(spec)).resolves.toBeInstanceOf(Buffer);
  expect(renderer.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
});

it('rejects a negative cache size', () => {
  expect(() => createImageRenderer({ cacheMaxBytes: -1 })).toThrow(/cacheMaxBytes/);
});

/** The data URL's text from its pieces. */
const text = (pieces: readonly (string | Buffer)[]) => pieces.map((piece) => piece.toString('latin1')).join('');

it('answers the data URL of a cached PNG from the cache, encoding it once and counting it in the cache bytes', async () => {
  const { calls, renderFn } = countingRender();
  const renderer = createImageRenderer({ renderFn });
  const png = await renderer.render(spec);
  const pieces = await renderer.renderDataUrl({ ...spec });
  expect(pieces).toHaveLength(1);
  expect(text(pieces)).toBe(`data:image/png;base64,${png.toString('base64')}`);
  const again = await renderer.renderDataUrl(spec);
  expect(again[0]).toBe(pieces[0]);
  expect(calls).toHaveLength(1);
  expect(renderer.stats()).toEqual({ hits: 2, misses: 1, bytes: png.length + pieces[0]!.length, entries: 1 });
});

it('caches a data URL from its second request, not its first', async () => {
  const { calls, renderFn } = countingRender();
  const renderer = createImageRenderer({ renderFn });
  const first = await renderer.renderDataUrl(spec);
  expect(first.every((piece) => typeof piece === 'string')).toBe(true);
  expect(renderer.stats()).toEqual({ hits: 0, misses: 1, bytes: 0, entries: 0 });
  const second = await renderer.renderDataUrl({ ...spec });
  expect(text(second)).toBe(text(first));
  expect(typeof second[0]).toBe('string');
  expect(renderer.stats()).toMatchObject({ misses: 2, entries: 1 });
  const third = await renderer.renderDataUrl(spec);
  expect(third[0]).toBe(second[0]);
  expect(calls).toHaveLength(2);
  expect(renderer.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
});

it('caches a data URL at its first render when another request joined it', async () => {
  const { calls, renderFn } = countingRender();
  const renderer = createImageRenderer({ renderFn });
  const [a, b] = await Promise.all([renderer.renderDataUrl(spec), renderer.renderDataUrl(spec)]);
  expect(text(a!)).toBe(text(b!));
  await renderer.renderDataUrl(spec);
  expect(calls).toHaveLength(1);
  expect(renderer.stats()).toMatchObject({ hits: 2, misses: 1, entries: 1 });
});

it('keeps PNGs and data URLs together within the byte bound', async () => {
  const size = (await renderPlaceholder(spec)).length;
  const askTwice = async (renderer: ReturnType<typeof createImageRenderer>, s: PlaceholderSpec) => {
    await renderer.renderDataUrl(s);
    return renderer.renderDataUrl(s);
  };
  const renderer = createImageRenderer({ cacheMaxBytes: size * 2 });
  for (let seed = 0; seed < 4; seed += 1) {
    await askTwice(renderer, { ...spec, seed });
    expect(renderer.stats().bytes).toBeLessThanOrEqual(size * 2);
  }
  // PNG + data URL (~2.33× the PNG) exceeds the bound: the image is answered but not kept.
  expect(renderer.stats().entries).toBe(0);
  const small = createImageRenderer({ cacheMaxBytes: size * 3 });
  const [dataUrl] = await askTwice(small, spec);
  expect(small.stats()).toMatchObject({ entries: 1, bytes: size + dataUrl!.length });
});

it('renders a data URL without caching when cacheMaxBytes is 0', async () => {
  const renderer = createImageRenderer({ cacheMaxBytes: 0 });
  for (let i = 0; i < 2; i += 1) {
    const dataUrl = text(await renderer.renderDataUrl(spec));
    expect(readPlaceholderInfo(Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64'))?.prompt).toBe(spec.prompt);
  }
  expect(renderer.stats()).toEqual({ hits: 0, misses: 2, bytes: 0, entries: 0 });
});

it('does not count a failed data-URL render as the first request', async () => {
  const { renderer, recover } = failingRenderer();
  await expect(renderer.renderDataUrl(spec)).rejects.toThrow('boom');
  recover();
  await renderer.renderDataUrl(spec);
  expect(renderer.stats()).toMatchObject({ misses: 2, entries: 0 });
  await renderer.renderDataUrl(spec);
  expect(renderer.stats()).toMatchObject({ misses: 3, entries: 1 });
});
