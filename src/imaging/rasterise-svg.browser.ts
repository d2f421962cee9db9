/**
 * rasterise-svg.ts in the browser bundle: the page's own SVG renderer draws the placeholder onto a
 * canvas and the canvas encodes the PNG. Nothing to download: no WebAssembly, no font file (the
 * text is in the page's fonts, placeholder-font.browser.ts).
 */
// The DOM pieces used here, declared: the project compiles without the DOM library, whose fetch types clash with node's.
declare const Image: new () => { src: string; readonly naturalWidth: number; readonly naturalHeight: number; decode(): Promise<void> };
declare const OffscreenCanvas: new (width: number, height: number) => {
  getContext(kind: '2d'): { drawImage(image: InstanceType<typeof Image>, x: number, y: number): void } | null;
  convertToBlob(options: { type: string }): Promise<Blob>;
};

export async function rasteriseSvg(svg: string): Promise<Buffer> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
    canvas.getContext('2d')?.drawImage(image, 0, 0);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    return Buffer.from(await png.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
