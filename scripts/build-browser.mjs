// Build step: the browser bundle of pixmock/msw (dist/browser/), by src/msw/bundle/build-browser-bundle.ts.
// Run with `node --import tsx`, which loads the TypeScript builder.
const { buildBrowserBundle } = await import('../src/msw/bundle/build-browser-bundle.ts');

const bundle = await buildBrowserBundle({ outdir: 'dist/browser' });
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const entry = bundle.files.find((file) => file.file === bundle.entry);
console.log(`browser bundle: dist/browser/${bundle.entry} ${kib(entry.gzipBytes)} gzipped, ${bundle.files.length} files ${kib(bundle.files.reduce((sum, file) => sum + file.gzipBytes, 0))} gzipped in all`);
