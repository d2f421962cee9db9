// Minimal typings for the part of opentype.js (2.x, which ships no types) that the placeholder font uses.
// Keep @types/opentype.js out of the project: it describes 1.x and would clash with this declaration.
declare module 'opentype.js' {
  export interface Path {
    /** A number means `{ decimalPlaces, flipY: false }`. */
    toPathData(decimalPlaces?: number): string;
  }

  export interface Glyph {
    index: number;
    advanceWidth?: number;
    /** Outline with y pointing down, scaled so that `fontSize` equals one em. */
    getPath(x: number, y: number, fontSize: number): Path;
  }

  export interface Font {
    unitsPerEm: number;
    ascender: number;
    descender: number;
    numGlyphs: number;
    charToGlyphIndex(character: string): number;
    glyphs: { get(index: number): Glyph };
  }

  export interface ParseOptions {
    lowMemory?: boolean;
  }

  export function parse(buffer: ArrayBuffer, options?: ParseOptions): Font;

  const opentype: { parse: typeof parse };
  export default opentype;
}
