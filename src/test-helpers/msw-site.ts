/**
 * The web app fixture served with pixmock in the page: pixmock's browser bundle built, the page
 * script (fixtures/msw-browser/start-pixmock.js) bundled with MSW as a user's bundler would, and
 * MSW's worker beside it, all in one flat folder for `serveFolder`. Used by the browser test and
 * the render benchmark.
 */
import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildBrowserBundle, type BrowserBundle } from '../msw/bundle/build-browser-bundle.js';
import type { PixmockHandlers } from '../msw/pixmock-handlers.js';
import type { WebAppPage } from './web-app-page.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const MSW = path.dirname(createRequire(import.meta.url).resolve('msw/package.json'));

/** The page's globals: the web app's, and what fixtures/msw-browser/start-pixmock.js adds. */
export interface MswPage extends WebAppPage {
  /** Creates pixmock's handlers with these options, starts MSW's worker with them, and answers each upstream's URL and demo credentials. */
  startPixmock(options: Record<string, unknown>): Promise<Record<string, Record<string, string>>>;
  pixmock: PixmockHandlers;
}

/** Builds into `dir`: the bundle in `dir/pixmock`, the page in `dir/site` (returned with the bundle's files). */
export async function buildMswSite(dir: string): Promise<{ site: string; bundle: BrowserBundle }> {
  const site = path.join(dir, 'site');
  const bundle = await buildBrowserBundle({ outdir: path.join(dir, 'pixmock') });
  await build({
    entryPoints: [path.join(FIXTURES, 'msw-browser/start-pixmock.js')],
    outdir: site,
    bundle: true,
    splitting: true,
    format: 'esm',
    alias: { 'pixmock/msw': path.join(dir, 'pixmock', bundle.entry) },
    // The bundle sits outside the repository: msw is found in pixmock's node_modules.
    nodePaths: [path.dirname(MSW)],
    logLevel: 'silent',
  });
  await Promise.all([
    copyFile(path.join(FIXTURES, 'msw-browser/index.html'), path.join(site, 'index.html')),
    copyFile(path.join(FIXTURES, 'browser/web-app.js'), path.join(site, 'web-app.js')),
    copyFile(path.join(MSW, 'lib/mockServiceWorker.js'), path.join(site, 'mockServiceWorker.js')),
  ]);
  return { site, bundle };
}
