// Build step (after tsc): bundles the CLI (dist/cli/main.js and the pixmock modules it imports) into
// dist/bundle/pixmock.js, which bin/pixmock.js and `npm start` run. Node 20 loads one file far faster
// than the many small ES modules it is made of, and start-up is what a CLI is judged by; the
// library (dist/index.js) stays unbundled. Packages stay external (node_modules as installed), and
// what the CLI imports on demand (the contract suite for `verify`, ajv's compiler) becomes chunks
// loaded on demand.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist', 'bundle');

/**
 * Modules find the files they ship with (contracts/, mocks/, console/, the precompiled validators)
 * relative to their own `import.meta.url`; in the bundle each keeps the URL of the file it came from.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

// Chunk names carry content hashes: a folder left from an earlier build would keep stale ones.
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { pixmock: path.join(root, 'dist', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  // Chunks beside the entry: the module URLs below are relative to the bundle's folder.
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [keepModuleUrls],
  logLevel: 'warning',
});
process.stdout.write('bundle: dist/bundle/pixmock.js\n');
