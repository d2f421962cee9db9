/**
 * Benchmark 4: cold start. `node bin/pixmock.js serve --json` (the bundled CLI, as `npx pixmock` runs
 * it) with all three upstreams on port 0,
 * from spawn to the ready line (every contract compiled, every port listening), and its RSS at
 * idle; in the same run, `prism mock` on each contract from spawn to its first HTTP answer, and a
 * bare node:http server (bench/servers/bare-listen.mjs) spawned the same way from spawn to its
 * ready line. Runs alternate between the three so a noisy neighbour hits them alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PRISM_CLI, type BenchEnv } from '../lib/bench-env.js';
import { freePort, readRssBytes, startProcess } from '../lib/processes.js';
import { formatBytes, round, type BenchmarkReport } from '../lib/report.js';

const PIXMOCK_RUNS = 5;
const BARE_RUNS = 5;
const PRISM_RUNS = 3;
const IDLE_SETTLE_MS = 1_000;
/** How often Prism's port is tried while it starts. */
const PROBE_EVERY_MS = 10;
/** pixmock's time to ready, at most this times Prism's time to first answer. */
const PRISM_TARGET_RATIO = 0.2;
/** pixmock's time to ready, at most this times a bare node:http server's spawn-to-listen. */
const BARE_TARGET_RATIO = 2.5;
const CONTRACTS = ['aibabe', 'chatfire', 'dify'] as const;

export async function runColdStart(env: BenchEnv, build: { ok: boolean; detail: string }): Promise<BenchmarkReport> {
  const started = performance.now();
  const cli = join(env.root, 'bin/pixmock.js');
  const bundle = join(env.root, 'dist/bundle/pixmock.js');
  const report: BenchmarkReport = {
    id: 4,
    title: 'Cold start to ready, and RSS at idle',
    status: 'ran',
    method: [
      `pixmock: \`node bin/pixmock.js serve --json --port-aibabe 0 --port-chatfire 0 --port-dify 0\` (the CLI bundled by npm run build, dist/bundle/pixmock.js), ${PIXMOCK_RUNS} runs; time from spawn to the JSON ready line on stdout (printed once every port listens); RSS (VmRSS from /proc/<pid>/status) ${IDLE_SETTLE_MS} ms after ready.`,
      `Bare node:http: \`node bench/servers/bare-listen.mjs\` (createServer, listen on port 0, print a JSON ready line), spawned the same way, ${BARE_RUNS} runs; time from spawn to its ready line: what node itself takes to start and listen on this machine.`,
      `Prism 5.14.2: \`prism mock contracts/<id>/openapi.yaml -p <port>\`, ${PRISM_RUNS} runs per contract; time from spawn to its first HTTP answer (any status; the port is tried every ${PROBE_EVERY_MS} ms from the spawn on), and to its "Prism is listening on" line; RSS likewise.`,
      `Targets: pixmock's median ≤ ${PRISM_TARGET_RATIO}× Prism's median time to first answer (all its runs, each serving one contract where pixmock serves three) and ≤ ${BARE_TARGET_RATIO}× the bare node:http server's median.`,
      `Not pinned (no load runs meanwhile; start-up uses more than one thread); runs alternate pixmock/bare/Prism. Build: ${build.detail}.`,
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };
  if (!build.ok || !existsSync(bundle)) {
    report.status = 'not run';
    report.reason = `dist/bundle/pixmock.js not built: ${build.detail}`;
    report.wallSeconds = (performance.now() - started) / 1000;
    return report;
  }

  const pixmockRuns: Run[] = [];
  const bareRuns: Run[] = [];
  const prismRuns = new Map<string, Run[]>();
  for (let run = 0; run < Math.max(PIXMOCK_RUNS, BARE_RUNS, PRISM_RUNS * CONTRACTS.length); run += 1) {
    if (run < PIXMOCK_RUNS) pixmockRuns.push(await startOnce(env, [cli, 'serve', '--json', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0'], (line) => line.includes('"event":"ready"')));
    if (run < BARE_RUNS) bareRuns.push(await startOnce(env, [join(env.root, 'bench/servers/bare-listen.mjs')], (line) => line.includes('"event":"ready"')));
    if (run < PRISM_RUNS * CONTRACTS.length) {
      const contract = CONTRACTS[run % CONTRACTS.length]!;
      const port = await freePort();
      const result = await startOnce(env, [join(env.root, PRISM_CLI), 'mock', join(env.root, `contracts/${contract}/openapi.yaml`), '-p', String(port), '-h', '127.0.0.1'], (line) => line.includes('Prism is listening on'), `http://127.0.0.1:${port}/__bench_probe`);
      prismRuns.set(contract, [...(prismRuns.get(contract) ?? []), result]);
    }
  }
  env.log(`bench 4: pixmock ${pixmockRuns.map((run) => round(run.ms, 0)).join(', ')} ms; bare node:http ${bareRuns.map((run) => round(run.ms, 0)).join(', ')} ms`);

  const table = { headers: ['process', 'runs', 'ready ms (each run)', 'median ms', 'first answer ms (each run)', 'median ms', 'idle RSS (median)'], rows: [] as string[][] };
  const row = (label: string, runs: Run[]) => {
    const answered = runs.filter((run) => run.firstAnswerMs !== undefined).map((run) => run.firstAnswerMs!);
    table.rows.push([label, String(runs.length), runs.map((run) => round(run.ms, 0)).join(', '), round(median(runs.map((run) => run.ms)), 0), answered.length > 0 ? answered.map((ms) => round(ms, 0)).join(', ') : '—', answered.length > 0 ? round(median(answered), 0) : '—', formatBytes(median(runs.map((run) => run.rss)))]);
  };
  row('pixmock serve (3 upstreams)', pixmockRuns);
  row('bare node:http (bench/servers/bare-listen.mjs)', bareRuns);
  for (const [contract, runs] of prismRuns) row(`prism mock (${contract})`, runs);
  report.tables.push(table);

  try {
    const phases = await startupPhases(env);
    report.tables.push({
      headers: ['where pixmock\'s start-up goes, in its unbundled modules (one run of bench/servers/startup-phases.mjs)', 'ms since process start', 'ms for this step'],
      rows: phases.map(([label, at], index) => [label, round(at, 0), round(at - (phases[index - 1]?.[1] ?? 0), 0)]),
    });
  } catch (error) {
    report.notes.push(`Start-up phases not measured: ${(error as Error).message.split('\n')[0]}`);
  }

  const pixmockMedian = median(pixmockRuns.map((run) => run.ms));
  const bareMedian = median(bareRuns.map((run) => run.ms));
  const prismAnswers = [...prismRuns.values()].flat().map((run) => run.firstAnswerMs ?? Number.NaN);
  const prismMedian = median(prismAnswers);
  report.checks.push({
    name: 'pixmock serve to ready (median) vs Prism to first answer (median)',
    target: `≤ ${PRISM_TARGET_RATIO}×`,
    measured: `${round(pixmockMedian / prismMedian, 2)}× (${round(pixmockMedian, 0)} vs ${round(prismMedian, 0)} ms; Prism per contract ${[...prismRuns].map(([contract, runs]) => `${contract} ${round(median(runs.map((run) => run.firstAnswerMs ?? Number.NaN)), 0)}`).join(', ')} ms)`,
    pass: prismAnswers.every(Number.isFinite) ? pixmockMedian / prismMedian <= PRISM_TARGET_RATIO : undefined,
  });
  report.checks.push({
    name: 'pixmock serve to ready (median) vs bare node:http spawn to listen (median)',
    target: `≤ ${BARE_TARGET_RATIO}×`,
    measured: `${round(pixmockMedian / bareMedian, 2)}× (${round(pixmockMedian, 0)} vs ${round(bareMedian, 0)} ms)`,
    pass: pixmockMedian / bareMedian <= BARE_TARGET_RATIO,
  });
  report.checks.push({
    name: 'pixmock RSS at idle (median)',
    target: 'no target',
    measured: formatBytes(median(pixmockRuns.map((run) => run.rss))),
    pass: 'info',
  });
  report.wallSeconds = (performance.now() - started) / 1000;
  return report;
}

interface Run {
  /** Spawn to the ready line. */
  ms: number;
  /** Spawn to the first HTTP answer, when the port was probed. */
  firstAnswerMs?: number;
  rss: number;
}

/** Spawns `node <args>` unpinned; with `probeUrl`, tries it every few ms from the spawn until it answers. */
async function startOnce(env: BenchEnv, args: string[], isReady: (line: string) => boolean, probeUrl?: string): Promise<Run> {
  const spawnedAt = performance.now();
  let firstAnswerMs: number | undefined;
  let probing = probeUrl !== undefined;
  const probe = (async () => {
    while (probing && probeUrl) {
      try {
        const response = await fetch(probeUrl, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        firstAnswerMs = performance.now() - spawnedAt;
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      }
    }
  })();
  const child = await startProcess<true>({
    command: process.execPath,
    args,
    cwd: env.root,
    ready: (line) => (isReady(line) ? true : undefined),
  }).catch((error: unknown) => {
    probing = false;
    throw error;
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    probing = false;
    await probe;
    return { ms: child.readyAfterMs, firstAnswerMs, rss: await readRssBytes(child.pid) };
  } finally {
    await child.stop();
  }
}

async function startupPhases(env: BenchEnv): Promise<Array<[string, number]>> {
  const child = await startProcess<Array<[string, number]>>({
    command: process.execPath,
    args: [join(env.root, 'bench/servers/startup-phases.mjs'), env.root],
    cwd: env.root,
    ready: (line) => (line.includes('"event":"done"') ? (JSON.parse(line) as { phases: Array<[string, number]> }).phases : undefined),
  });
  await child.stop();
  return child.ready;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
