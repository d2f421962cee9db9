/**
 * Benchmark 4: cold start. `node dist/cli/main.js serve --json` with all three upstreams on port 0,
 * from spawn to the ready line (every contract compiled, every port listening), and its RSS at
 * idle; `prism mock` on each contract, from spawn to its "Prism is listening" line, in the same run.
 * Runs alternate between pixmock and Prism so a noisy neighbour hits both alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PRISM_CLI, type BenchEnv } from '../lib/bench-env.js';
import { freePort, readRssBytes, startProcess } from '../lib/processes.js';
import { formatBytes, round, type BenchmarkReport } from '../lib/report.js';

const PIXMOCK_RUNS = 5;
const PRISM_RUNS = 3;
const IDLE_SETTLE_MS = 1_000;
const TARGET_MS = 300;
const CONTRACTS = ['aibabe', 'chatfire', 'dify'] as const;

export async function runColdStart(env: BenchEnv, build: { ok: boolean; detail: string }): Promise<BenchmarkReport> {
  const started = performance.now();
  const cli = join(env.root, 'dist/cli/main.js');
  const report: BenchmarkReport = {
    id: 4,
    title: 'Cold start to ready, and RSS at idle',
    status: 'ran',
    method: [
      `pixmock: \`node dist/cli/main.js serve --json --port-aibabe 0 --port-chatfire 0 --port-dify 0\`, ${PIXMOCK_RUNS} runs; time from spawn to the JSON ready line on stdout; RSS (VmRSS from /proc/<pid>/status) ${IDLE_SETTLE_MS} ms after ready.`,
      `Prism 5.14.2: \`prism mock contracts/<id>/openapi.yaml -p <port>\` (info logging, so it prints its ready line), ${PRISM_RUNS} runs per contract; time from spawn to "Prism is listening on"; RSS likewise.`,
      `Not pinned (no load runs meanwhile; start-up uses more than one thread); runs alternate pixmock/Prism. Build: ${build.detail}.`,
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };
  if (!build.ok || !existsSync(cli)) {
    report.status = 'not run';
    report.reason = `dist/cli/main.js not built: ${build.detail}`;
    report.wallSeconds = (performance.now() - started) / 1000;
    return report;
  }

  const pixmockRuns: { ms: number; rss: number }[] = [];
  const prismRuns = new Map<string, { ms: number; rss: number }[]>();
  for (let run = 0; run < Math.max(PIXMOCK_RUNS, PRISM_RUNS * CONTRACTS.length); run += 1) {
    if (run < PIXMOCK_RUNS) pixmockRuns.push(await startOnce(env, process.execPath, [cli, 'serve', '--json', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0'], (line) => line.includes('"event":"ready"')));
    if (run < PRISM_RUNS * CONTRACTS.length) {
      const contract = CONTRACTS[run % CONTRACTS.length]!;
      const port = await freePort();
      const result = await startOnce(env, process.execPath, [join(env.root, PRISM_CLI), 'mock', join(env.root, `contracts/${contract}/openapi.yaml`), '-p', String(port), '-h', '127.0.0.1'], (line) => line.includes('Prism is listening on'));
      prismRuns.set(contract, [...(prismRuns.get(contract) ?? []), result]);
    }
  }
  env.log(`bench 4: pixmock ${pixmockRuns.map((run) => round(run.ms, 0)).join(', ')} ms`);

  const table = { headers: ['process', 'runs', 'ready ms (each run)', 'median ms', 'idle RSS (median)'], rows: [] as string[][] };
  table.rows.push(['pixmock serve (3 upstreams)', String(pixmockRuns.length), pixmockRuns.map((run) => round(run.ms, 0)).join(', '), round(median(pixmockRuns.map((run) => run.ms)), 0), formatBytes(median(pixmockRuns.map((run) => run.rss)))]);
  for (const [contract, runs] of prismRuns) {
    table.rows.push([`prism mock (${contract})`, String(runs.length), runs.map((run) => round(run.ms, 0)).join(', '), round(median(runs.map((run) => run.ms)), 0), formatBytes(median(runs.map((run) => run.rss)))]);
  }
  report.tables.push(table);

  try {
    const phases = await startupPhases(env);
    report.tables.push({
      headers: ['where pixmock\'s start-up goes (one run of bench/servers/startup-phases.mjs)', 'ms since process start', 'ms for this step'],
      rows: phases.map(([label, at], index) => [label, round(at, 0), round(at - (phases[index - 1]?.[1] ?? 0), 0)]),
    });
  } catch (error) {
    report.notes.push(`Start-up phases not measured: ${(error as Error).message.split('\n')[0]}`);
  }

  const pixmockMedian = median(pixmockRuns.map((run) => run.ms));
  const prismMedians = [...prismRuns.values()].map((runs) => median(runs.map((run) => run.ms)));
  report.checks.push({
    name: 'pixmock serve to ready (median)',
    target: `≤ ${TARGET_MS} ms`,
    measured: `${round(pixmockMedian, 0)} ms (Prism, one contract: ${prismMedians.map((ms) => round(ms, 0)).join(' / ')} ms)`,
    pass: pixmockMedian <= TARGET_MS,
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

async function startOnce(env: BenchEnv, command: string, args: string[], isReady: (line: string) => boolean): Promise<{ ms: number; rss: number }> {
  const child = await startProcess<true>({
    command,
    args,
    cwd: env.root,
    ready: (line) => (isReady(line) ? true : undefined),
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    return { ms: child.readyAfterMs, rss: await readRssBytes(child.pid) };
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
