/**
 * placeholder-font.ts in the browser bundle: no font file is loaded (the bundled CJK font is
 * megabytes). Text is laid out with the page's own fonts, measured on a canvas, and drawn as SVG
 * text in the same family; Chinese prompts show in whichever CJK font the system has.
 */
import type { PlaceholderFont } from './placeholder-font.js';

export type { PlaceholderFont, PlaceholderGlyph } from './placeholder-font.js';

// The DOM piece used here, declared: the project compiles without the DOM library, whose fetch types clash with node's.
declare const OffscreenCanvas: new (width: number, height: number) => {
  getContext(kind: '2d'): { font: string; measureText(text: string): { width: number; fontBoundingBoxAscent: number; fontBoundingBoxDescent: number } } | null;
};

/** The page's sans-serif, with the CJK families of the common systems named first for Chinese text. */
const FAMILY = "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
/** Font units per em: advances are measured at this many pixels. */
const UNITS_PER_EM = 1000;

export class PlaceholderFontError extends Error {
  override name = 'PlaceholderFontError';
  readonly fontPath: string | undefined = undefined;
}

function noFontFile(): never {
  throw new PlaceholderFontError('Failed to load a placeholder font file: the browser bundle draws text with the page\'s fonts.');
}

export const defaultFontPath = noFontFile;
export const createPlaceholderFont = noFontFile;

let shared: PlaceholderFont | undefined;

export function getPlaceholderFont(): PlaceholderFont {
  shared ??= createPageFont();
  return shared;
}

function createPageFont(): PlaceholderFont {
  const context = new OffscreenCanvas(1, 1).getContext('2d');
  if (!context) throw new PlaceholderFontError('Failed to measure text: this page gives no 2D canvas.');
  context.font = `${UNITS_PER_EM}px ${FAMILY}`;
  const metrics = context.measureText('Mg');
  const advances = new Map<string, number>();
  return {
    unitsPerEm: UNITS_PER_EM,
    ascender: metrics.fontBoundingBoxAscent,
    descender: -metrics.fontBoundingBoxDescent,
    family: FAMILY,
    glyph(character) {
      let advance = advances.get(character);
      if (advance === undefined) {
        advance = context.measureText(character).width;
        advances.set(character, advance);
      }
      return { id: 0, advance };
    },
    outline: () => '',
  };
}
