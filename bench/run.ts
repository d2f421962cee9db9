/**
 * `npm run bench`: pixmock's benchmarks, side by side in one run on 127.0.0.1, results written to
 * bench/RESULTS.md with the machine and the date. Never part of the unit tests.
 *
 *   npm run bench                 all six
 *   npm run bench -- --only 1,4   some of them (RESULTS.md then lists the others as not selected)
 *
 * Servers run in child processes pinned to core 0, this process (autocannon, the load) is pinned to
 * core 1, when `taskset` exists and the machine has two cores or more.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserRender } from './benchmarks/browser-render.js';
import { runColdStart } from './benchmarks/cold-start.js';
import { runContractSuiteBenchmark } from './benchmarks/contract-suite.js';
import { runHeldConnections } from './benchmarks/held-connections.js';
import { runImageThroughput } from './benchmarks/image-throughput.js';
import { runJsonThroughput } from './benchmarks/json-throughput.js';
import { runRedisState } from './benchmarks/redis-state.js';
import type { BenchEnv } from './lib/bench-env.js';
import { createBenchMocks } from './lib/bench-mocks.js';
import { describeMachine } from './lib/machine.js';
import { pinSelf } from './lib/processes.js';
import { formatResults, type BenchmarkReport } from './lib/report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench/RESULTS.md');
const TITLES: Record<number, string> = {
  1: 'JSON throughput of a cheap operation (latency instant)',
  2: 'Image throughput at 1024×1024 (latency instant)',
  3: '10,000 held chat-image connections',
  4: 'Cold start to ready, and RSS at idle',
  5: 'Contract suite wall time, all upstreams, in-process mock',
  6: 'A 768×1024 placeholder in the page (Chromium) vs node, and the browser bundle',
  7: 'State in Redis vs in memory (latency instant, 16 connections)',
};

const log = (message: string) => process.stderr.write(`${message}\n`);

function selected(): Set<number> {
  const index = process.argv.indexOf('--only');
  const list = index >= 0 ? process.argv[index + 1] : undefined;
  return new Set(list ? list.split(',').map(Number) : Object.keys(TITLES).map(Number));
}

/** dist/ is stale when any non-test source file is newer than the CLI bundle, the build's last step. */
function buildIfStale(): { ok: boolean; detail: string } {
  const main = join(ROOT, 'dist/bundle/pixmock.js');
  let builtAt = 0;
  try {
    builtAt = statSync(main).mtimeMs;
  } catch {
    // not built
  }
  const newest = newestSource(join(ROOT, 'src'));
  if (builtAt > 0 && builtAt >= newest) return { ok: true, detail: 'dist/ was up to date' };
  log('dist/ is stale: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) return { ok: false, detail: `npm run build failed: ${(build.stdout + build.stderr).split('\n').filter((line) => /error/i.test(line)).slice(0, 3).join(' ')}` };
  return { ok: true, detail: 'built with npm run build before the run' };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'contracts', 'mocks'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} plus uncommitted changes in src/, contracts/ or mocks/` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const only = selected();
  const loadStart = loadavg()[0] ?? Number.NaN;
  const machine = describeMachine();
  const canPin = machine.taskset !== undefined && machine.cores >= 2;
  const pinned = canPin && (await pinSelf(machine.taskset, 1));
  const pinning = pinned
    ? 'servers (and the raw-sharp loop) on core 0 with `taskset -c 0`; load generator (this process, autocannon) and the held-connection client on core 1'
    : `not pinned (${machine.taskset ? `${machine.cores} core(s)` : 'taskset not found'}); server and load share the cores`;
  log(`pixmock bench: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ${pinning}`);

  const mocks = await createBenchMocks(join(ROOT, 'mocks'));
  const env: BenchEnv = { root: ROOT, machine: pinned ? machine : { ...machine, taskset: undefined }, serverCpu: 0, loadCpu: 1, mocksDir: mocks.dir, log };
  // Every benchmark measures the built package (dist/), as `pixmock serve` runs it.
  const build = buildIfStale();

  const runners: Record<number, () => Promise<BenchmarkReport>> = {
    1: () => runJsonThroughput(env),
    2: () => runImageThroughput(env),
    3: () => runHeldConnections(env),
    4: () => runColdStart(env, build),
    5: () => runContractSuiteBenchmark(env),
    6: () => runBrowserRender(env),
    7: () => runRedisState(env),
  };
  const reports: BenchmarkReport[] = [];
  try {
    for (const id of Object.keys(TITLES).map(Number)) {
      const title = TITLES[id]!;
      if (!only.has(id)) {
        reports.push({ id, title, status: 'not run', reason: 'not selected (--only)', method: [], tables: [], checks: [], notes: [], wallSeconds: 0 });
        continue;
      }
      log(`--- ${id}. ${title}`);
      const benchStarted = performance.now();
      try {
        reports.push(await runners[id]!());
      } catch (error) {
        const message = (error as Error).message;
        log(`benchmark ${id} failed: ${message}`);
        reports.push({ id, title, status: 'failed', reason: message.split('\n').slice(0, 3).join(' '), method: [], tables: [], checks: [], notes: [], wallSeconds: (performance.now() - benchStarted) / 1000 });
      }
    }
  } finally {
    await mocks.remove();
  }

  const text = formatResults({ machine, startedAt, wallSeconds: (performance.now() - started) / 1000, pinning, mocksChanges: mocks.changes, commit: commit(), loadAverage: { start: loadStart, end: loadavg()[0] ?? Number.NaN } }, reports);
  writeFileSync(RESULTS_FILE, text);
  log(`\nwrote ${RESULTS_FILE}`);
  process.stdout.write(text.split('\n## ')[0] ?? '');
}

await main();
