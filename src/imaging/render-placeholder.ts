/**
 * Renders the placeholder PNG a mock upstream returns instead of a generated image.
 *
 * The picture is deterministic for a spec: a gradient with soft colour blobs whose hues come from a
 * hash of the inputs and seed, the prompt wrapped and centred on a dark panel, and a corner label
 * (upstream · operation · WxH · seed [· img2img]). Text is drawn as glyph outlines from the bundled
 * font, so no system font is needed. The spec is stored in the PNG's `pixmock` iTXt chunk
 * (see {@link readPlaceholderInfo}).
 *
 * @example
 * const png = await renderPlaceholder({
 *   upstream: 'chatfire', operation: 'createImageGeneration',
 *   width: 1024, height: 1024, seed: 42, prompt: '一个胸有成竹的男人',
 * });
 */
import type { PlaceholderSpec } from './placeholder-spec.js';
import { PLACEHOLDER_KEYWORD, withPngTextChunk } from './png-text.js';
import type { PlaceholderInfo } from './png-text.js';
import { getPlaceholderFont } from './placeholder-font.js';
import type { PlaceholderFont } from './placeholder-font.js';
import { rasteriseSvg } from './rasterise-svg.js';
import { stableHash, stableStringify } from './stable-json.js';
import { normalizeText, truncateLines, wrapText } from './text-layout.js';
import type { TextLine } from './text-layout.js';

/** Largest width or height accepted, in pixels. */
export const MAX_PLACEHOLDER_SIDE = 4096;
const EMPTY_PROMPT_TEXT = '(no prompt)';
/** Longest prompt drawn (the whole prompt is still stored in the text chunk). */
const MAX_DRAWN_PROMPT_CHARACTERS = 600;
const LINE_HEIGHT = 1.3;
const FONT_SIZE_STEP = 0.9;


/** A spec that cannot be rendered (bad size, non-finite seed, …). */
export class PlaceholderSpecError extends Error {
  override name = 'PlaceholderSpecError';
  readonly field: keyof PlaceholderSpec;
  readonly value: unknown;

  constructor(field: keyof PlaceholderSpec, value: unknown, expected: string) {
    super(
      `Failed to render placeholder: ${field} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}. ` +
        'Validate the request before rendering.',
    );
    this.field = field;
    this.value = value;
  }
}

function validateSpec(spec: PlaceholderSpec): void {
  for (const side of ['width', 'height'] as const) {
    const value = spec[side];
    if (!Number.isInteger(value) || value < 1 || value > MAX_PLACEHOLDER_SIDE) {
      throw new PlaceholderSpecError(side, value, `an integer from 1 to ${MAX_PLACEHOLDER_SIDE}`);
    }
  }
  if (typeof spec.seed !== 'number' || !Number.isFinite(spec.seed)) {
    throw new PlaceholderSpecError('seed', spec.seed, 'a finite number');
  }
  for (const field of ['upstream', 'operation', 'prompt'] as const) {
    if (typeof spec[field] !== 'string') throw new PlaceholderSpecError(field, spec[field], 'a string');
  }
  const { inputs } = spec;
  if (inputs !== undefined && (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))) {
    throw new PlaceholderSpecError('inputs', inputs, 'an object');
  }
}

/** The corner label, e.g. `dify · runWorkflow · 768x1024 · seed 7 · img2img`. */
export function placeholderLabel(spec: PlaceholderSpec): string {
  const parts = [spec.upstream, spec.operation, `${spec.width}x${spec.height}`, `seed ${spec.seed}`];
  if (spec.referenceImage === true) parts.push('img2img');
  return parts.join(' · ');
}

/** The longest text chunk a placeholder carries, so an answer never holds its request's inputs twice over. */
export const MAX_INFO_TEXT_CHARS = 16 * 1024;
/** What is kept of the prompt when the record is too long for the text chunk. */
const SHORTENED_PROMPT_CHARS = 1024;

/** The record stored in the image's `pixmock` text chunk. */
export function placeholderInfo(spec: PlaceholderSpec): PlaceholderInfo {
  return {
    upstream: spec.upstream,
    operation: spec.operation,
    width: spec.width,
    height: spec.height,
    seed: spec.seed,
    prompt: spec.prompt,
    inputs: spec.inputs ?? {},
    referenceImage: spec.referenceImage === true,
    label: placeholderLabel(spec),
  };
}

/** The text chunk's JSON: the whole record, or, past {@link MAX_INFO_TEXT_CHARS}, its first prompt characters and a note for the inputs. */
function placeholderInfoText(spec: PlaceholderSpec): string {
  const info = placeholderInfo(spec);
  const text = stableStringify(info);
  if (text.length <= MAX_INFO_TEXT_CHARS) return text;
  const prompt = info.prompt.length > SHORTENED_PROMPT_CHARS ? `${info.prompt.slice(0, SHORTENED_PROMPT_CHARS)}…` : info.prompt;
  return stableStringify({ ...info, prompt, inputs: { omitted: `the record is ${text.length} characters; the inputs are left out` } });
}

// ---------------------------------------------------------------------------------------------
// Colours

/** Deterministic bytes for the colours: the inputs and seed, not the size (same prompt, same look). */
function paletteBytes(spec: PlaceholderSpec): Buffer {
  const { upstream, operation, prompt, inputs, seed, referenceImage } = spec;
  return Buffer.from(stableHash({ upstream, operation, prompt, inputs: inputs ?? {}, seed, referenceImage }), 'hex');
}

function hsl(h: number, s: number, l: number): string {
  // HSL → #rrggbb ourselves, so the SVG holds only plain hex colours.
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

const num = (v: number): string => String(Math.round(v * 100) / 100);

/**
 * A top-to-bottom gradient under a few translucent discs. Deliberately cheap: rows of flat colour
 * rasterise fast and deflate well, where a diagonal gradient with soft radial blobs made images
 * several times slower to render and larger.
 */
function background(width: number, height: number, bytes: Buffer): string {
  const byte = (i: number) => bytes[i % bytes.length]!;
  const hue = ((byte(0) << 8) | byte(1)) % 360;
  const hue2 = (hue + 60 + (byte(2) % 120)) % 360;
  const stops = [
    hsl(hue, 50 + (byte(4) % 25), 40 + (byte(5) % 14)),
    hsl((hue + hue2) / 2, 45 + (byte(6) % 25), 44 + (byte(7) % 14)),
    hsl(hue2, 50 + (byte(8) % 25), 40 + (byte(9) % 16)),
  ];
  const gradient =
    '<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">' +
    stops.map((colour, i) => `<stop offset="${i / 2}" stop-color="${colour}"/>`).join('') +
    '</linearGradient>';
  const shapes = [`<rect width="${width}" height="${height}" fill="url(#bg)"/>`];
  const big = Math.max(width, height);
  for (let i = 0; i < 4; i += 1) {
    const b = 10 + i * 5;
    const colour = hsl((hue + byte(b) * 2) % 360, 55 + (byte(b + 1) % 30), 60 + (byte(b + 2) % 20));
    shapes.push(
      `<circle cx="${num((byte(b + 3) / 255) * width)}" cy="${num((byte(b + 4) / 255) * height)}" ` +
        `r="${num(big * (0.15 + byte(b + 2) / 1024))}" fill="${colour}" fill-opacity="${num(0.12 + byte(b) / 2560)}"/>`,
    );
  }
  return `<defs>${gradient}</defs>${shapes.join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Text

interface PlacedText {
  /** `<g>` elements drawing the text with `<use>` of glyph ids. */
  svg: string;
  glyphIds: Set<number>;
}

function drawLine(font: PlaceholderFont, text: string, x: number, baseline: number, size: number, glyphIds: Set<number>): string {
  if (font.family !== undefined) {
    const escaped = text.replace(/[&<>]/g, (character) => `&#${character.charCodeAt(0)};`);
    return `<text x="${num(x)}" y="${num(baseline)}" font-family="${font.family}" font-size="${num(size)}" xml:space="preserve">${escaped}</text>`;
  }
  let pen = 0;
  let uses = '';
  for (const character of text) {
    const glyph = font.glyph(character);
    if (character !== ' ' && font.outline(glyph.id) !== '') {
      glyphIds.add(glyph.id);
      uses += `<use xlink:href="#g${glyph.id}" x="${pen}"/>`;
    }
    pen += glyph.advance;
  }
  return `<g transform="translate(${num(x)} ${num(baseline)}) scale(${Math.round((size / font.unitsPerEm) * 1e6) / 1e6})">${uses}</g>`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function layoutPrompt(
  font: PlaceholderFont,
  text: string,
  box: { width: number; height: number },
  sizes: { start: number; min: number },
): { lines: TextLine[]; size: number } {
  const advance = (character: string) => font.glyph(character).advance;
  let size = sizes.start;
  for (;;) {
    const maxWidth = (box.width / size) * font.unitsPerEm;
    const lines = wrapText(text, maxWidth, advance);
    const maxLines = Math.max(1, Math.floor(box.height / (size * LINE_HEIGHT)));
    if (lines.length <= maxLines) return { lines, size };
    if (size * FONT_SIZE_STEP < sizes.min) return { lines: truncateLines(lines, maxLines, maxWidth, advance), size };
    size *= FONT_SIZE_STEP;
  }
}

function textLayers(spec: PlaceholderSpec, font: PlaceholderFont): PlacedText {
  const { width, height } = spec;
  const glyphIds = new Set<number>();
  const short = Math.min(width, height);
  const margin = short * 0.05;
  const em = (font.ascender - font.descender) / font.unitsPerEm;

  // Label pill, bottom left.
  const label = placeholderLabel(spec);
  const labelUnits = [...label].reduce((sum, c) => sum + font.glyph(c).advance, 0);
  const labelPad = (size: number) => size * 0.6;
  let labelSize = clamp(short * 0.03, 8, 28);
  const labelRoom = width - 2 * margin;
  const labelWidth = (size: number) => (labelUnits / font.unitsPerEm) * size + 2 * labelPad(size);
  if (labelWidth(labelSize) > labelRoom) labelSize *= labelRoom / labelWidth(labelSize);
  const pillHeight = labelSize * 1.7;
  const pillTop = height - margin - pillHeight;
  const labelBaseline = pillTop + (pillHeight - labelSize * em) / 2 + (font.ascender / font.unitsPerEm) * labelSize;
  const parts = [
    `<rect x="${num(margin)}" y="${num(pillTop)}" width="${num(labelWidth(labelSize))}" height="${num(pillHeight)}" ` +
      `rx="${num(pillHeight / 2)}" fill="#000" fill-opacity="0.55"/>`,
    `<g fill="#fff">${drawLine(font, label, margin + labelPad(labelSize), labelBaseline, labelSize, glyphIds)}</g>`,
  ];

  // Prompt panel, centred in the space above the label.
  const areaTop = margin;
  const areaBottom = pillTop - margin * 0.6;
  const pad = short * 0.04;
  const characters = [...spec.prompt];
  const clipped = characters.length > MAX_DRAWN_PROMPT_CHARACTERS;
  const drawnPrompt = clipped ? `${characters.slice(0, MAX_DRAWN_PROMPT_CHARACTERS).join('').trimEnd()}…` : spec.prompt;
  const prompt = normalizeText(drawnPrompt) || EMPTY_PROMPT_TEXT;
  const box = { width: width - 2 * margin - 2 * pad, height: areaBottom - areaTop - 2 * pad };
  const { lines, size } = layoutPrompt(font, prompt, box, {
    start: clamp(short * 0.07, 10, 96),
    min: clamp(short * 0.028, 7, 40),
  });
  const scale = size / font.unitsPerEm;
  const lineHeight = size * LINE_HEIGHT;
  const blockHeight = lines.length * lineHeight;
  const widest = Math.max(...lines.map((line) => line.width * scale));
  const panelWidth = Math.min(widest + 2 * pad, width - 2 * margin);
  const panelHeight = blockHeight + 2 * pad;
  const panelTop = areaTop + Math.max(0, (areaBottom - areaTop - panelHeight) / 2);
  parts.push(
    `<rect x="${num((width - panelWidth) / 2)}" y="${num(panelTop)}" width="${num(panelWidth)}" height="${num(panelHeight)}" ` +
      `rx="${num(pad * 0.75)}" fill="#000" fill-opacity="0.42"/>`,
  );
  const firstBaseline = panelTop + pad + (lineHeight - size * em) / 2 + font.ascender * scale;
  const drawn = lines.map((line, i) =>
    drawLine(font, line.text, (width - line.width * scale) / 2, firstBaseline + i * lineHeight, size, glyphIds),
  );
  parts.push(`<g fill="#fff">${drawn.join('')}</g>`);
  return { svg: parts.join(''), glyphIds };
}

/** The SVG document a placeholder is rasterised from (exported for inspection and tests). */
export function buildPlaceholderSvg(spec: PlaceholderSpec, font: PlaceholderFont = getPlaceholderFont()): string {
  validateSpec(spec);
  const { width, height } = spec;
  const text = textLayers(spec, font);
  const glyphs = [...text.glyphIds]
    .sort((a, b) => a - b)
    .map((id) => `<path id="g${id}" d="${font.outline(id)}"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    background(width, height, paletteBytes(spec)) +
    `<defs>${glyphs}</defs>` +
    text.svg +
    '</svg>'
  );
}

/**
 * Renders `spec` as a PNG of exactly `width`×`height` pixels. In node the same spec always yields
 * the same bytes: rasterising and encoding run on sharp's worker threads, the JavaScript side is the
 * text layout and SVG assembly (glyph outlines are cached). In the browser bundle the page's own
 * SVG renderer and PNG encoder do it (rasterise-svg.browser.ts).
 */
export async function renderPlaceholder(spec: PlaceholderSpec): Promise<Buffer> {
  const png = await rasteriseSvg(buildPlaceholderSvg(spec));
  return withPngTextChunk(png, PLACEHOLDER_KEYWORD, placeholderInfoText(spec));
}
