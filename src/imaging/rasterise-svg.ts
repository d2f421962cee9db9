/** A placeholder's SVG as PNG bytes, by sharp (librsvg, libvips): opaque, the size the SVG names. */
import { loadSharp } from './load-sharp.js';

const PNG_OPTIONS = { compressionLevel: 6, adaptiveFiltering: false } as const;

export async function rasteriseSvg(svg: string): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg), { density: 72 }).removeAlpha().png(PNG_OPTIONS).toBuffer();
}
