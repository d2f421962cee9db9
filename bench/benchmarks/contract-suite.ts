/**
 * Benchmark 5: wall time of the contract suite (src/suite, runContractSuite) for all three
 * upstreams against in-process mocks, in a child process. Reported as not run when the suite is
 * not in the tree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from '../lib/bench-env.js';
import { startProcess } from '../lib/processes.js';
import { round, type BenchmarkReport } from '../lib/report.js';

const TARGET_SECONDS = 20;
const CONFIG = { latency: 'fast', timeScale: 100, seed: 1 };
const TIMEOUT_MS = 180_000;

interface SuiteDone {
  wallMs: number;
  phases: { loadContractsMs: number; buildServersMs: number; suiteMs: number };
  passed: boolean;
  summary: { cases: number; passed: number; failed: number; skipped: number; checksRun: number; errors: number; warnings: number; generationCalls: number; durationMs: number };
  failedCases: Array<{ case?: string; findings: string[] }>;
}

export async function runContractSuiteBenchmark(env: BenchEnv): Promise<BenchmarkReport> {
  const started = performance.now();
  const report: BenchmarkReport = {
    id: 5,
    title: 'Contract suite wall time, all upstreams, in-process mock',
    status: 'ran',
    method: [
      `A child process (tsx) loads the contracts once, builds createMockServer(id, {latency: '${CONFIG.latency}', timeScale: ${CONFIG.timeScale}, seed: ${CONFIG.seed}, contracts, renderer}) for aibabe, chatfire and Dify with the shipped mocks/ (as src/suite/test-helpers/run-against-mock.ts does), then runs runContractSuite({seed: ${CONFIG.seed}, contracts, targets: the three apps through the in-process transport, default tags and budget}).`,
      'Wall time = from loadContracts() to the suite result (module import time excluded). Not pinned (nothing else of ours runs meanwhile).',
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };
  if (!existsSync(join(env.root, 'src/suite/run-suite.ts'))) {
    report.status = 'not run';
    report.reason = 'suite missing (src/suite/run-suite.ts does not exist)';
    report.checks.push({ name: 'contract suite wall time', target: `≤ ${TARGET_SECONDS} s`, measured: 'not run: suite missing', pass: undefined });
    return report;
  }
  try {
    const child = await startProcess<SuiteDone>({
      command: process.execPath,
      args: ['--import', 'tsx', join(env.root, 'bench/servers/suite-run.ts'), JSON.stringify(CONFIG)],
      cwd: env.root,
      ready: (line) => (line.includes('"event":"done"') ? (JSON.parse(line) as SuiteDone) : undefined),
      timeoutMs: TIMEOUT_MS,
    });
    await child.stop();
    const done = child.ready;
    const { summary } = done;
    report.tables.push({
      headers: ['wall s', 'loadContracts s', 'build 3 servers s', 'suite s', 'cases', 'passed', 'failed', 'skipped', 'checks run', 'errors', 'warnings', 'generation calls'],
      rows: [[round(done.wallMs / 1000, 2), round(done.phases.loadContractsMs / 1000, 2), round(done.phases.buildServersMs / 1000, 2), round(done.phases.suiteMs / 1000, 2), String(summary.cases), String(summary.passed), String(summary.failed), String(summary.skipped), String(summary.checksRun), String(summary.errors), String(summary.warnings), String(summary.generationCalls)]],
    });
    if (!done.passed) {
      report.notes.push(`The suite reported failures (a correctness matter for the upstream/suite authors, not a timing one); first failed cases: ${JSON.stringify(done.failedCases)}`);
    }
    report.checks.push({
      name: 'contract suite wall time (3 upstreams, in-process)',
      target: `≤ ${TARGET_SECONDS} s`,
      measured: `${round(done.wallMs / 1000, 2)} s (${summary.cases} cases, ${summary.failed} failed)`,
      pass: done.wallMs / 1000 <= TARGET_SECONDS,
    });
  } catch (error) {
    const message = (error as Error).message;
    report.status = /ERR_MODULE_NOT_FOUND|Cannot find module/.test(message) ? 'not run' : 'failed';
    report.reason = report.status === 'not run' ? `suite missing or incomplete: ${message.split('\n').find((line) => /Cannot find|ERR_MODULE/.test(line)) ?? message.split('\n')[0]}` : message.split('\n').slice(0, 4).join(' ');
    report.checks.push({ name: 'contract suite wall time', target: `≤ ${TARGET_SECONDS} s`, measured: `${report.status}: ${report.reason}`.slice(0, 300), pass: undefined });
  }
  report.wallSeconds = (performance.now() - started) / 1000;
  return report;
}
