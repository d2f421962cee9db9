/**
 * Placeholder PNG rendering over sharp: {@link renderPlaceholder} draws one image, a renderer from
 * {@link createImageRenderer} adds a byte-bounded cache, and the png-text helpers read back what
 * produced an image. Imports neither express nor supertest.
 */
export { renderPlaceholder, buildPlaceholderSvg, placeholderInfo, placeholderLabel, PlaceholderSpecError, MAX_PLACEHOLDER_SIDE } from './render-placeholder.js';
export type { PlaceholderSpec } from './placeholder-spec.js';
export { createImageRenderer, placeholderCacheKey, DEFAULT_CACHE_MAX_BYTES } from './image-renderer.js';
export type { DataUrlPieces, ImageRenderer, ImageRendererOptions, ImageRendererStats } from './image-renderer.js';
export {
  isPng,
  readPngSize,
  readPlaceholderInfo,
  readPngTextChunks,
  withPngTextChunk,
  PNG_SIGNATURE,
  PNG_DATA_URL_PREFIX,
  PLACEHOLDER_KEYWORD,
} from './png-text.js';
export type { PlaceholderInfo, PngTextChunk } from './png-text.js';
export { getPlaceholderFont, createPlaceholderFont, defaultFontPath, PlaceholderFontError } from './placeholder-font.js';
export type { PlaceholderFont, PlaceholderGlyph } from './placeholder-font.js';
