import sharp from 'sharp';
import { expect, it } from 'vitest';
import { getPlaceholderFont } from './placeholder-font.js';
import { PLACEHOLDER_KEYWORD, isPng, readPlaceholderInfo, readPngSize, readPngTextChunks } from './png-text.js';
import { MAX_INFO_TEXT_CHARS, PlaceholderSpecError, buildPlaceholderSvg, placeholderLabel, renderPlaceholder } from './render-placeholder.js';
import type { PlaceholderSpec } from './placeholder-spec.js';

const base: PlaceholderSpec = {
  upstream: 'chatfire',
  operation: 'createImageGeneration',
  width: 512,
  height: 512,
  seed: 42,
  prompt: 'A cozy cabin in a snowy forest at dusk',
};
const LONG_CHINESE = '一个穿着红色连衣裙的女孩站在樱花树下';
const CHATFIRE_SEED_PROMPT =
  '3D魔童哪吒 c4d 搬砖 很开心, 很快乐, 精神抖擞, 背景是数不清的敖丙虚化 视觉冲击力强 大师构图 色彩鲜艳丰富 吸引人 背景用黄金色艺术字写着"搬砖挣钱" 冷暖色对比';

it.each([
  [512, 512],
  [768, 1024],
  [1024, 1792],
  [1792, 1024],
  [64, 48],
])('renders a real %ix%i PNG', async (width, height) => {
  const png = await renderPlaceholder({ ...base, width, height });
  expect(isPng(png)).toBe(true);
  expect(readPngSize(png)).toEqual({ width, height });
  const meta = await sharp(png).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', width, height]);
});

it('renders the same spec to byte-identical PNGs', async () => {
  const spec = { ...base, prompt: CHATFIRE_SEED_PROMPT, inputs: { model: 'seedream-3.0', n: 1 } };
  const [a, b] = await Promise.all([renderPlaceholder(spec), renderPlaceholder({ ...spec })]);
  expect(a.equals(b)).toBe(true);
  const c = await renderPlaceholder({ ...spec, inputs: { n: 1, model: 'seedream-3.0' } });
  expect(c.equals(a)).toBe(true);
});

it.each<[string, Partial<PlaceholderSpec>]>([
  ['seed', { seed: 43 }],
  ['prompt', { prompt: 'A cozy cabin in a snowy forest at dawn' }],
  ['inputs', { inputs: { model: 'dall-e-3' } }],
  ['reference image', { referenceImage: true }],
  ['upstream', { upstream: 'dify' }],
])('renders different pixels when the %s changes', async (_name, change) => {
  const [a, b] = await Promise.all([renderPlaceholder(base), renderPlaceholder({ ...base, ...change })]);
  expect(a.equals(b)).toBe(false);
  const [pixelsA, pixelsB] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  expect(pixelsA.equals(pixelsB)).toBe(false);
});

it('derives the background from the inputs and seed', async () => {
  // Top-left pixel lies on the background (outside panel and label).
  const corner = async (spec: PlaceholderSpec) => [...(await sharp(await renderPlaceholder(spec)).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer())];
  const colours = await Promise.all([1, 2, 3, 4].map((seed) => corner({ ...base, seed })));
  expect(new Set(colours.map(String)).size).toBeGreaterThan(1);
});

it('stores the spec and label in a pixmock iTXt chunk, Chinese prompt and img2img included', async () => {
  const spec: PlaceholderSpec = {
    upstream: 'aibabe',
    operation: 'agentCover',
    width: 768,
    height: 1024,
    seed: 7,
    prompt: LONG_CHINESE,
    inputs: { agentId: 'agent-1', style: '写实' },
    referenceImage: true,
  };
  const png = await renderPlaceholder(spec);
  expect(readPngTextChunks(png).map((c) => [c.type, c.keyword])).toEqual([['iTXt', PLACEHOLDER_KEYWORD]]);
  expect(readPlaceholderInfo(png)).toEqual({
    ...spec,
    label: 'aibabe · agentCover · 768x1024 · seed 7 · img2img',
  });
});

it('stores an empty inputs object and no img2img marker by default', async () => {
  const info = readPlaceholderInfo(await renderPlaceholder(base));
  expect(info).toMatchObject({ inputs: {}, referenceImage: false });
  expect(info?.label).toBe('chatfire · createImageGeneration · 512x512 · seed 42');
  expect(info?.label).not.toContain('img2img');
});

it.each([
  ['upstream, operation, size and seed', base, 'chatfire · createImageGeneration · 512x512 · seed 42'],
  ['the img2img marker', { ...base, referenceImage: true }, 'chatfire · createImageGeneration · 512x512 · seed 42 · img2img'],
])('labels the corner with %s', (_name, spec, label) => {
  expect(placeholderLabel(spec)).toBe(label);
});

it('draws text as outlines, so the SVG needs no font', () => {
  const svg = buildPlaceholderSvg({ ...base, prompt: LONG_CHINESE, referenceImage: true });
  expect(svg).not.toMatch(/<text|font-family/);
  expect(svg).toMatch(/<path id="g\d+" d="M/);
});

it.each([
  ['English', 1024, 1024, base.prompt],
  ['short Chinese', 768, 1024, LONG_CHINESE],
  ['chatfire seed', 1024, 1792, CHATFIRE_SEED_PROMPT],
  ['very long mixed', 512, 512, `${LONG_CHINESE}，`.repeat(40) + ' https://example.com/a/long/unbroken/url'],
])('keeps every line of the %s prompt inside the image', (_name, width, height, prompt) => {
  const font = getPlaceholderFont();
  const svg = buildPlaceholderSvg({ ...base, width, height, prompt }, font);
  const groups = [...svg.matchAll(/<g transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)">(.*?)<\/g>/g)];
  expect(groups.length).toBeGreaterThan(1); // label + at least one prompt line
  for (const [, x, y, scale, uses] of groups) {
    const xs = [...uses!.matchAll(/ x="(\d+)"/g)].map((m) => Number(m[1]));
    const right = Number(x) + (Math.max(...xs) + font.unitsPerEm) * Number(scale);
    expect(Number(x)).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(width);
    expect(Number(y)).toBeLessThanOrEqual(height);
  }
});

it('draws an ellipsis when a prompt is too long to fit', () => {
  const font = getPlaceholderFont();
  const svg = buildPlaceholderSvg({ ...base, prompt: `${LONG_CHINESE}。`.repeat(60) }, font);
  expect(svg).toContain(`#g${font.glyph('…').id}"`);
});

it('draws an ellipsis when a prompt is longer than the drawn limit even if it would fit', () => {
  const font = getPlaceholderFont();
  const svg = buildPlaceholderSvg({ ...base, width: 1024, height: 1792, prompt: 'ab '.repeat(400) }, font);
  expect(svg).toContain(`#g${font.glyph('…').id}"`);
});

it.each<[string, Partial<PlaceholderSpec>, string]>([
  ['a zero width', { width: 0 }, 'width'],
  ['a fractional height', { height: 10.5 }, 'height'],
  ['a huge width', { width: 100_000 }, 'width'],
  ['a NaN seed', { seed: Number.NaN }, 'seed'],
  ['a non-string prompt', { prompt: 5 as unknown as string }, 'prompt'],
  ['array inputs', { inputs: [] as unknown as Record<string, unknown> }, 'inputs'],
])('rejects %s with a PlaceholderSpecError', async (_name, change, field) => {
  const error = await renderPlaceholder({ ...base, ...change }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PlaceholderSpecError);
  expect(error).toMatchObject({ name: 'PlaceholderSpecError', field });
});

it('bounds the text chunk of a spec with huge inputs: a short prompt and a note instead of the inputs', async () => {
  const metadata = { note: 'm'.repeat(900_000) };
  const png = await renderPlaceholder({ upstream: 'aibabe', operation: 'chatImage', width: 64, height: 64, seed: 1, prompt: 'p'.repeat(300_000), inputs: { metadata } });
  expect(png.length).toBeLessThan(MAX_INFO_TEXT_CHARS * 4 + 64 * 64 * 4);
  const info = readPlaceholderInfo(png);
  expect(info?.prompt.length).toBeLessThan(MAX_INFO_TEXT_CHARS);
  expect(info?.prompt.startsWith('ppp')).toBe(true);
  expect(info?.inputs).toEqual({ omitted: expect.stringMatching(/characters/) });
  expect(info).toMatchObject({ upstream: 'aibabe', operation: 'chatImage', width: 64, height: 64, seed: 1 });
});
