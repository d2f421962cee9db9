/**
 * A live run, as a user makes it: the real `pixmock verify --target live` process, over HTTP,
 * against a listening pixmock whose chatfire tasks never complete (scenario
 * task_stuck_processing). It must end with exit code 1 once the task's budget (latency-bounds.json
 * `completion`, divided by the target's time scale) is spent, with a finding that names the task
 * and the state it was stuck in. A high time scale keeps the budget short.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockServers, type RunningMockServers } from '../app/create-mock-servers.js';
import { loadLatencyBounds } from './latency-bounds.js';
import { sharedContracts, TEST_SEED } from './test-helpers/run-against-mock.js';
import { COMPLETION_FLOOR_WALL_MS } from './flows/flow-helpers.js';
import type { Finding } from './types.js';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const TIME_SCALE = 1000;
/** One last poll after the budget, and the process's own start and exit. */
const AFTER_BUDGET_MS = 15_000;

let servers: RunningMockServers;
let reportDir: string;

beforeAll(async () => {
  const { contracts, renderer } = await sharedContracts();
  servers = await createMockServers({ upstreams: ['chatfire'], latency: 'fast', timeScale: TIME_SCALE, seed: TEST_SEED, host: '127.0.0.1', ports: { chatfire: 0 }, contracts, renderer });
  const url = servers.upstreams.chatfire?.url ?? '';
  const selected = await fetch(`${url}/__pixmock/scenario`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'task_stuck_processing' }) });
  expect(selected.status).toBe(200);
  reportDir = await mkdtemp(path.join(tmpdir(), 'pixmock-stuck-'));
});

afterAll(async () => {
  await servers?.close();
  if (reportDir) await rm(reportDir, { recursive: true, force: true });
});

function verify(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string; wallMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'verify', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output, wallMs: performance.now() - started })));
}

it('ends a live run against a pixmock whose chatfire task never completes with exit code 1 within its budget, naming the task and its state', async () => {
  const completion = (await loadLatencyBounds()).chatfire?.createImageGeneration?.completion;
  const budgetWallMs = Math.max(COMPLETION_FLOOR_WALL_MS, (completion?.maxMs ?? Number.NaN) / TIME_SCALE);
  const report = path.join(reportDir, 'contract.json');

  const run = await verify(
    ['--target', 'live', '--upstream', 'chatfire', '--tags', 'generation', '--budget', '1', '--seed', String(TEST_SEED), '--report', `json=${report}`],
    { CHATFIRE_BASE_URL: servers.upstreams.chatfire?.url ?? '', CHATFIRE_API_KEY: servers.upstreams.chatfire?.demo.apiKey ?? '' },
  );

  expect(run.code, run.output).toBe(1);
  expect(run.wallMs).toBeLessThan(budgetWallMs + AFTER_BUDGET_MS);
  const result = JSON.parse(await readFile(report, 'utf8')) as { passed: boolean; targets: { transport: string; live: boolean; timeScale: number }[]; cases: { status: string; findings: Finding[] }[] };
  expect(result.passed).toBe(false);
  expect(result.targets).toEqual([expect.objectContaining({ transport: servers.upstreams.chatfire?.url, live: true, timeScale: TIME_SCALE })]);
  const findings = result.cases.flatMap((c) => c.findings);
  expect(findings.map((f) => f.check)).toEqual(['task_completion']);
  const [stuck] = findings as [Finding];
  expect(stuck.pointer).toBe('/status');
  const polled = /^(img_[0-9a-z]{24}) still "processing" after (\d+) polls over (\d+) ms/.exec(stuck.received);
  expect(polled, stuck.received).not.toBeNull();
  expect(Number(polled?.[3])).toBeGreaterThanOrEqual(budgetWallMs);
  expect(stuck.documented).toContain(`completed or failed within ${(completion?.maxMs ?? 0) / 1000} s`);
  expect(run.output).toContain(polled?.[1]);
}, 60_000);
