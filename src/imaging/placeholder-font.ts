/**
 * The font placeholders are lettered with: Noto Sans CJK SC (Latin plus the GB2312 hanzi and more),
 * shipped as an OTF by the npm package `@embedpdf/fonts-sc`, parsed once with opentype.js.
 *
 * Text is drawn as SVG path outlines, so librsvg (inside sharp) never looks up a font and a fresh
 * machine renders Chinese prompts exactly like a developer's. Glyph metrics and outlines are cached.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import type opentype from 'opentype.js';
import type { Font } from 'opentype.js';

const FONT_PACKAGE = '@embedpdf/fonts-sc';
const FONT_FILE = 'NotoSansHans-Medium.otf';
/** Distinct characters whose glyph lookup is remembered (prompts are user input: keep it bounded). */
const MAX_CACHED_CHARACTERS = 20_000;
/** Distinct glyph outlines remembered; each is a short string of path data. */
const MAX_CACHED_OUTLINES = 8_000;

export interface PlaceholderGlyph {
  /** Glyph index in the font; 0 is `.notdef` (drawn as a box) for characters the font lacks. */
  id: number;
  /** Advance width in font units. */
  advance: number;
}

export interface PlaceholderFont {
  unitsPerEm: number;
  /** Ascender and descender in font units (descender is negative). */
  ascender: number;
  descender: number;
  /** The glyph a single character (code point) is drawn with. */
  glyph(character: string): PlaceholderGlyph;
  /** SVG path data of a glyph in font units, y pointing down, origin on the baseline. */
  outline(id: number): string;
  /**
   * Set for a font the rasteriser has itself (the page's fonts, in the browser bundle): lines are
   * drawn as SVG text in this CSS font family, not as outlines.
   */
  family?: string;
}

export class PlaceholderFontError extends Error {
  override name = 'PlaceholderFontError';
  readonly fontPath: string | undefined;

  constructor(message: string, options: { fontPath?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.fontPath = options.fontPath;
  }
}

let loadedOpentype: typeof opentype | undefined;

/**
 * opentype.js is loaded on the first font parse, not at import: `pixmock serve` starts faster and only
 * pays when it draws its first placeholder. Its CommonJS build (the package's `main`) is required
 * synchronously: far cheaper than importing its ES module build.
 */
function loadOpentype(): typeof opentype {
  loadedOpentype ??= createRequire(import.meta.url)('opentype.js') as typeof opentype;
  return loadedOpentype;
}

/** Where the bundled font file lives (inside node_modules/@embedpdf/fonts-sc). */
export function defaultFontPath(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(FONT_PACKAGE);
  } catch (cause) {
    throw new PlaceholderFontError(
      `Failed to locate the placeholder font: package ${FONT_PACKAGE} is not installed. Run \`npm ci\`.`,
      { cause },
    );
  }
  // The package's entry is <root>/dist/index.{js,cjs}; the fonts sit in <root>/fonts.
  return path.join(path.dirname(path.dirname(entry)), 'fonts', FONT_FILE);
}

/**
 * Parses a TTF/OTF/WOFF font file into a {@link PlaceholderFont}. Parsing the bundled CJK font is
 * long synchronous work, so it is done once per process by {@link getPlaceholderFont}.
 */
export function createPlaceholderFont(fontPath: string): PlaceholderFont {
  let font: Font;
  try {
    const bytes = readFileSync(fontPath);
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    font = loadOpentype().parse(arrayBuffer as ArrayBuffer, { lowMemory: true });
  } catch (cause) {
    throw new PlaceholderFontError(
      `Failed to load the placeholder font from ${fontPath}: ${(cause as Error).message}. ` +
        `Reinstall ${FONT_PACKAGE} with \`npm ci\`.`,
      { fontPath, cause },
    );
  }

  const glyphs = new LRUCache<string, PlaceholderGlyph>({ max: MAX_CACHED_CHARACTERS });
  const outlines = new LRUCache<number, string>({ max: MAX_CACHED_OUTLINES });
  const unitsPerEm = font.unitsPerEm;

  return {
    unitsPerEm,
    ascender: font.ascender,
    descender: font.descender,
    glyph(character) {
      let glyph = glyphs.get(character);
      if (glyph === undefined) {
        const id = font.charToGlyphIndex(character);
        glyph = { id, advance: font.glyphs.get(id).advanceWidth ?? unitsPerEm };
        glyphs.set(character, glyph);
      }
      return glyph;
    },
    outline(id) {
      let d = outlines.get(id);
      if (d === undefined) {
        d = font.glyphs.get(id).getPath(0, 0, unitsPerEm).toPathData(0);
        outlines.set(id, d);
      }
      return d;
    },
  };
}

let shared: PlaceholderFont | undefined;

/** The process-wide placeholder font, parsed on first use. */
export function getPlaceholderFont(): PlaceholderFont {
  shared ??= createPlaceholderFont(defaultFontPath());
  return shared;
}
