/**
 * Builds the browser bundle of `pixmock/msw` with esbuild: the page-side entry
 * (src/msw/browser/index.ts) with the contracts and mocks as data, one chunk per upstream; each
 * `x.browser.ts` beside an `x.ts` in its place; `node:crypto` and `node:zlib` as the small browser
 * modules of src/msw/browser/node/, the other node built-ins as functions that refuse; `Buffer` from
 * the `buffer` package. `msw` stays an import, resolved by the user's bundler to their own copy.
 *
 * @example
 * const bundle = await buildBrowserBundle({ outdir: 'dist/browser' });
 * bundle.files; // [{ file: 'msw.js', bytes, gzipBytes }, …]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { readContractData } from '../../contracts/index.js';
import { loadGatewayPages, loadLatencyProfiles, loadMocks } from '../../mocks/index.js';
import { UPSTREAM_IDS } from '../../app/resolve-upstream.js';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const BROWSER = path.join(SRC, 'msw/browser');
const ENTRY = path.join(BROWSER, 'index.ts');
/** The node built-ins given a working browser module; every other one imported refuses when called. */
const NODE_MODULES: Record<string, string> = { crypto: 'node/crypto.ts', zlib: 'node/zlib.ts' };
const DATA_MODULE = 'pixmock:bundled-data';
const UPSTREAM_DATA = 'pixmock:upstream-data/';

export interface BrowserBundleOptions {
  outdir: string;
  /** Default true. */
  minify?: boolean;
}

export interface BundleFile {
  /** Relative to `outdir`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** The files of the bundle it imports: with it (`dynamic` false) or when its code asks (`import()`). */
  imports: { file: string; dynamic: boolean }[];
}

export interface BrowserBundle {
  /** The entry a page imports, relative to `outdir`. */
  entry: string;
  files: BundleFile[];
}

export async function buildBrowserBundle({ outdir, minify = true }: BrowserBundleOptions): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: { msw: ENTRY },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: false,
    external: ['msw'],
    inject: [path.join(BROWSER, 'node/globals.ts')],
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    plugins: [browserVariants(), nodeBuiltins(), await bundledData()],
  });
  const files = await Promise.all(
    Object.entries(result.metafile.outputs).map(async ([output, { imports }]) => {
      const bytes = await readFile(output);
      const ownImports = imports.filter((imported) => !imported.external).map((imported) => ({ file: path.relative(outdir, imported.path), dynamic: imported.kind === 'dynamic-import' }));
      return { file: path.relative(outdir, output), bytes: bytes.length, gzipBytes: gzipSync(bytes).length, imports: ownImports };
    }),
  );
  return { entry: 'msw.js', files: files.sort((a, b) => a.file.localeCompare(b.file)) };
}

/** `./x.js` is `./x.browser.ts` where that file exists beside `x.ts`. */
function browserVariants(): Plugin {
  return {
    name: 'pixmock-browser-variants',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, ({ path: specifier, resolveDir }) => {
        if (!resolveDir.startsWith(SRC)) return undefined;
        const variant = path.join(resolveDir, specifier.replace(/\.js$/, '.browser.ts'));
        return existsSync(variant) ? { path: variant } : undefined;
      });
    },
  };
}

function nodeBuiltins(): Plugin {
  return {
    name: 'pixmock-node-builtins',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, ({ path: specifier }) => ({ path: path.join(BROWSER, NODE_MODULES[specifier.slice('node:'.length)] ?? 'node/unavailable.ts') }));
    },
  };
}

/** The module `pixmock:bundled-data` (declared in src/msw/browser/bundled-data.d.ts): read and validated here, in node. */
async function bundledData(): Promise<Plugin> {
  const [contracts, latencyProfiles, gatewayPages] = await Promise.all([readContractData({ upstreams: UPSTREAM_IDS }), loadLatencyProfiles(), loadGatewayPages()]);
  const upstreams = Object.fromEntries(await Promise.all(UPSTREAM_IDS.map(async (id) => [id, { contract: contracts[id], mocks: await loadMocks(id) }] as const)));
  const loaders = UPSTREAM_IDS.map((id) => `    case ${JSON.stringify(id)}: return import(${JSON.stringify(UPSTREAM_DATA + id)}).then((module) => module.default);`).join('\n');
  const index = [
    `export const latencyProfiles = ${JSON.stringify(latencyProfiles)};`,
    `export const gatewayPages = ${JSON.stringify(gatewayPages)};`,
    'export function loadUpstream(id) {',
    '  switch (id) {',
    loaders,
    '  }',
    '}',
  ].join('\n');
  return {
    name: 'pixmock-bundled-data',
    setup(build) {
      build.onResolve({ filter: /^pixmock:/ }, ({ path: specifier }) => ({ path: specifier, namespace: 'pixmock-data' }));
      build.onLoad({ filter: /.*/, namespace: 'pixmock-data' }, ({ path: specifier }) =>
        specifier === DATA_MODULE ? { contents: index, loader: 'js' } : { contents: JSON.stringify(upstreams[specifier.slice(UPSTREAM_DATA.length)]), loader: 'json' },
      );
    },
  };
}
