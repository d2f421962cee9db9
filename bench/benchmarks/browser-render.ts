/**
 * Benchmark 6: pixmock in the page. The time to render a 768×1024 chat placeholder in Chromium
 * (the browser bundle: the page's SVG renderer and PNG encoder) against the node renderer (sharp)
 * for the same specs in the same run, and the sizes of the browser bundle, gzipped, by when a page
 * loads each file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlaceholderSpec } from '../../src/imaging/index.js';
import type { BrowserBundle } from '../../src/msw/bundle/build-browser-bundle.js';
import { launchChromium, serveFolder } from '../../src/test-helpers/chromium.js';
import { buildMswSite, type MswPage } from '../../src/test-helpers/msw-site.js';
import type { BenchEnv } from '../lib/bench-env.js';
import { formatBytes, round, type BenchmarkReport } from '../lib/report.js';
import { median, percentile } from '../lib/stats.js';

const SPEC: PlaceholderSpec = { upstream: 'aibabe', operation: 'chatImage', width: 768, height: 1024, seed: 42, prompt: '一个穿着红色连衣裙的女孩站在樱花树下 a girl in a red dress under cherry blossoms', inputs: { language: 'en' } };
const ROUNDS = 3;
const RENDERS_PER_ROUND = 20;
const RATIO_TARGET = 3;
const PAGE_LOAD = 'page load';

type Imaging = typeof import('../../src/imaging/index.js');

/** Distinct prompts, so no render is answered from a cache. */
const specs = (round: number) => Array.from({ length: RENDERS_PER_ROUND }, (_, i) => ({ ...SPEC, prompt: `${SPEC.prompt} ${round}-${i}` }));

export async function runBrowserRender(env: BenchEnv): Promise<BenchmarkReport> {
  const started = performance.now();
  const report: BenchmarkReport = {
    id: 6,
    title: 'A 768×1024 placeholder in the page (Chromium) vs node, and the browser bundle',
    status: 'ran',
    method: [
      `The same spec (aibabe chatImage, ${SPEC.width}x${SPEC.height}, a Chinese and English prompt) with a distinct prompt per render, one render at a time, ${ROUNDS} rounds of ${RENDERS_PER_ROUND} renders on each side, interleaved; medians over all renders.`,
      'Node: renderPlaceholder of dist/imaging (sharp) in this process, after one warm-up render (the font parse).',
      'Chromium: the browser bundle built as `npm run build` builds it, bundled with MSW into the web app fixture page (Debian Chromium, headless, by playwright-core); the render is `pixmock.upstreams.aibabe.context.renderer.render(spec)` timed with performance.now() in the page, after one warm-up render.',
      'Bundle sizes: each file esbuild writes to dist/browser, minified, and gzipped at the default level; "when" is when a page loads it.',
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };
  const dir = await mkdtemp(join(tmpdir(), 'pixmock-bench-browser-'));
  const browser = await launchChromium();
  try {
    const { site, bundle } = await buildMswSite(dir);
    const served = await serveFolder(site);
    try {
      const imaging = (await import(join(env.root, 'dist/imaging/index.js'))) as Imaging;
      const page = await browser.newPage();
      await page.goto(`${served.origin}/index.html`);
      await page.waitForFunction(() => 'startPixmock' in globalThis);
      const startMs = await page.evaluate(async (upstreams) => {
        const start = performance.now();
        await (globalThis as unknown as MswPage).startPixmock({ upstreams, latency: 'instant' });
        return performance.now() - start;
      }, { aibabe: `${served.origin}/api/aibabe` });
      report.checks.push({ name: 'createPixmockHandlers for aibabe and MSW\'s worker started, in the page', target: 'recorded', measured: `${round(startMs)} ms`, pass: 'info' });
      const renderInPage = (batch: PlaceholderSpec[]) =>
        page.evaluate(async (all) => {
          const { renderer } = (globalThis as unknown as MswPage).pixmock.upstreams.aibabe!.context;
          const times: number[] = [];
          for (const spec of all) {
            const start = performance.now();
            await renderer.render(spec);
            times.push(performance.now() - start);
          }
          return times;
        }, batch);
      const renderInNode = async (batch: PlaceholderSpec[]) => {
        const times: number[] = [];
        for (const spec of batch) {
          const start = performance.now();
          await imaging.renderPlaceholder(spec);
          times.push(performance.now() - start);
        }
        return times;
      };
      await Promise.all([renderInNode(specs(-1).slice(0, 1)), renderInPage(specs(-1).slice(0, 1))]);
      const nodeTimes: number[] = [];
      const pageTimes: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        env.log(`round ${round + 1}/${ROUNDS}`);
        nodeTimes.push(...(await renderInNode(specs(round))));
        pageTimes.push(...(await renderInPage(specs(round))));
      }
      const [nodePng, pagePng] = await Promise.all([imaging.renderPlaceholder(SPEC), page.evaluate(async (spec) => (await (globalThis as unknown as MswPage).pixmock.upstreams.aibabe!.context.renderer.render(spec)).length, SPEC)]);
      report.tables.push({
        headers: ['renderer', 'median ms', 'p90 ms', 'min ms', 'PNG bytes'],
        rows: [
          ['node (sharp)', round(median(nodeTimes)), round(percentile(nodeTimes, 90)), round(Math.min(...nodeTimes)), formatBytes(nodePng.length)],
          ['Chromium (bundle)', round(median(pageTimes)), round(percentile(pageTimes, 90)), round(Math.min(...pageTimes)), formatBytes(pagePng)],
        ],
      });
      const ratio = median(pageTimes) / median(nodeTimes);
      report.checks.push({ name: '768×1024 chat placeholder, Chromium vs node', target: `≤ ${RATIO_TARGET}×`, measured: `${round(ratio, 2)}× (${round(median(pageTimes))} vs ${round(median(nodeTimes))} ms median)`, pass: ratio <= RATIO_TARGET });

      const loading = loadingOrder(bundle);
      report.tables.push({ headers: ['file', 'loaded', 'bytes', 'gzipped'], rows: bundle.files.map((file) => [file.file, loading.get(file.file) ?? 'never: no import reaches it', formatBytes(file.bytes), formatBytes(file.gzipBytes)]) });
      const gzipped = (loaded: (when: string | undefined) => boolean) => bundle.files.filter((file) => loaded(loading.get(file.file))).reduce((sum, file) => sum + file.gzipBytes, 0);
      report.checks.push({ name: 'browser bundle at page load, gzipped', target: 'recorded', measured: formatBytes(gzipped((when) => when === PAGE_LOAD)), pass: 'info' });
      report.checks.push({ name: 'browser bundle once chatfire is mocked, gzipped', target: 'recorded', measured: formatBytes(gzipped((when) => when === PAGE_LOAD || when === 'with chunks/ajv-instance' || when?.startsWith('with chunks/chatfire') === true)), pass: 'info' });
      report.notes.push('The page draws text in its own fonts (no font file in the bundle); this machine has no CJK font, so the Chinese characters render as boxes (the prompt is in the PNG text chunk either way).');
      report.notes.push('MSW itself (msw/browser, bundled by the user) is not counted.');
    } finally {
      await served.close();
    }
  } catch (error) {
    report.status = 'failed';
    report.reason = (error as Error).message.split('\n').slice(0, 3).join(' ');
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  report.wallSeconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * When a page loads each file: with the entry (its static imports, transitively), or with the first
 * chunk a dynamic `import()` asks for (`with chunks/chatfire-…`), named without its hash.
 */
function loadingOrder(bundle: BrowserBundle): Map<string, string> {
  const byFile = new Map(bundle.files.map((file) => [file.file, file]));
  const loading = new Map<string, string>();
  const visit = (file: string, when: string, dynamicTargets: string[]) => {
    if (loading.has(file)) return;
    loading.set(file, when);
    for (const imported of byFile.get(file)?.imports ?? []) {
      if (imported.dynamic) dynamicTargets.push(imported.file);
      else visit(imported.file, when, dynamicTargets);
    }
  };
  const queue: string[] = [];
  visit(bundle.entry, PAGE_LOAD, queue);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) visit(next, `with ${next.replace(/-[A-Z0-9]+\.js$/, '')}`, queue);
  return loading;
}
