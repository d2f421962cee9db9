/**
 * Benchmark 7: what keeping the state in Redis costs. Two workloads, each against the same
 * upstream twice in one run, state in memory and state in a local `redis-server`: chatfire create
 * + poll (POST a task, then GET it, per connection) and aibabe configOptions (signed, a fresh
 * X-Request-ID per request: the replay guard, the token bucket and the quota are three updates of
 * shared state per call). Target: p99 with Redis ≤ 2× in memory at 16 connections.
 */
import type { AutocannonRequest } from 'autocannon';
import { startRedisServer, type TestRedisServer } from '../../src/test-helpers/redis-server.js';
import { isAibabeDemo, nextRequestId, postAibabe, signAibabe } from '../lib/aibabe-client.js';
import { startPixmock, type BenchEnv, type ServerReady } from '../lib/bench-env.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import type { StartedProcess } from '../lib/processes.js';
import { round, type BenchmarkReport, type Table } from '../lib/report.js';

const CONNECTIONS = 16;
const WARMUP_SECONDS = 2;
const ROUND_SECONDS = 4;
const ROUNDS = 3;
const P99_TARGET = 2;
/**
 * chatfire keeps each key's request times of the last rate window (60 simulated seconds); at a
 * high time scale the window is short in clock time, so the list stays small, as it does for a
 * client at a realistic rate, instead of growing with the benchmark's own rate.
 */
const CHATFIRE_TIME_SCALE = 1000;

interface Workload {
  label: string;
  upstream: 'chatfire' | 'aibabe';
  timeScale?: number;
  /** Checks the server answers, then the requests one connection sends in a loop. */
  prepare(ready: ServerReady): Promise<AutocannonRequest[]>;
}

const WORKLOADS: Workload[] = [
  {
    label: 'chatfire create + poll (POST /v1/images/generations, then GET it)',
    upstream: 'chatfire',
    timeScale: CHATFIRE_TIME_SCALE,
    async prepare({ url, demo }) {
      const headers = { Authorization: `Bearer ${demo?.apiKey ?? ''}`, 'Content-Type': 'application/json' };
      const body = JSON.stringify({ model: 'seedream-3.0', prompt: 'a benchmark of foxes' });
      const first = await fetch(`${url}/v1/images/generations`, { method: 'POST', headers, body });
      if (first.status !== 200) throw new Error(`chatfire create answered ${first.status}: ${await first.text()}`);
      return [
        { method: 'POST', path: '/v1/images/generations', headers, body, onResponse: (_status, text, context) => (context.taskId = (JSON.parse(text) as { task_id?: string }).task_id) },
        { method: 'GET', headers, setupRequest: (request, context) => ({ ...request, path: `/v1/images/generations/${String(context.taskId)}` }) },
      ];
    },
  },
  {
    label: 'aibabe configOptions (POST /v1/config/options, signed)',
    upstream: 'aibabe',
    async prepare({ url, demo }) {
      if (!isAibabeDemo(demo)) throw new Error('aibabe demo credentials missing from the ready line');
      const path = '/v1/config/options';
      const payload = { namespace: 'custom_agent', language: 'en' };
      const first = await postAibabe(url, demo, path, payload);
      if (first.body.success !== true) throw new Error(`aibabe ${path} did not succeed: ${JSON.stringify(first.body).slice(0, 300)}`);
      const signed = signAibabe(demo, path, payload);
      return [{ method: 'POST', path, headers: signed, body: JSON.stringify(payload), setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'X-Request-ID': nextRequestId('redis') } }) }];
    },
  },
];

export async function runRedisState(env: BenchEnv): Promise<BenchmarkReport> {
  const started = performance.now();
  const report: BenchmarkReport = {
    id: 7,
    title: 'State in Redis vs in memory (latency instant, 16 connections)',
    status: 'ran',
    method: [
      `autocannon, ${CONNECTIONS} connections, no pipelining; per server a ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} rounds of ${ROUND_SECONDS} s, interleaved; the better round (by req/s) is used for ratios.`,
      'Both servers are pixmock (dist/) in their own process on the server core with latency instant; one keeps its state in memory, the other in a redis-server started for the run (no persistence, loopback, not pinned).',
      `chatfire runs at time scale ${CHATFIRE_TIME_SCALE}, so its per-key list of request times in the rate window stays small in both (it would otherwise grow with the benchmark's rate).`,
      `Target: p99 with Redis ≤ ${P99_TARGET}× p99 in memory, per workload (autocannon reports whole milliseconds; a p99 in memory under 1 ms counts as 1 ms). A request counts as failed when it is not HTTP 2xx (aibabe: or its body does not say "success":true).`,
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };
  let redis: TestRedisServer | undefined;
  try {
    redis = await startRedisServer();
    for (const workload of WORKLOADS) await runWorkload(env, report, workload, redis.url);
  } catch (error) {
    report.status = 'failed';
    report.reason = (error as Error).message.split('\n')[0];
  } finally {
    await redis?.close();
  }
  report.wallSeconds = (performance.now() - started) / 1000;
  return report;
}

async function runWorkload(env: BenchEnv, report: BenchmarkReport, workload: Workload, redisUrl: string): Promise<void> {
  env.log(`bench 7: ${workload.label}`);
  const servers: StartedProcess<ServerReady>[] = [];
  try {
    const config = { upstream: workload.upstream, latency: 'instant', timeScale: workload.timeScale };
    const memory = await startPixmock(env, config);
    servers.push(memory);
    const shared = await startPixmock(env, { ...config, redis: { url: redisUrl, prefix: `bench-${workload.upstream}:` } });
    servers.push(shared);
    const targets = [
      { name: 'in memory', ready: memory.ready },
      { name: 'Redis', ready: shared.ready },
    ];
    const requests = new Map<string, AutocannonRequest[]>();
    for (const target of targets) requests.set(target.name, await workload.prepare(target.ready));
    const results = new Map<string, LoadResult[]>();
    const failures = new Map<string, number>();
    for (const target of targets) await runLoad({ url: target.ready.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, requests: requests.get(target.name) });
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      for (const target of targets) {
        let failed = 0;
        const counted = (requests.get(target.name) ?? []).map((request) => ({
          ...request,
          onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => {
            if (status < 200 || status >= 300 || (workload.upstream === 'aibabe' && !body.includes('"success":true'))) failed += 1;
            request.onResponse?.(status, body, context, headers);
          },
        }));
        const result = await runLoad({ url: target.ready.url, connections: CONNECTIONS, duration: ROUND_SECONDS, requests: counted });
        env.log(`  ${target.name} round ${roundIndex + 1}: ${round(result.requestsPerSecond, 0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, failed ${failed}`);
        results.set(target.name, [...(results.get(target.name) ?? []), result]);
        failures.set(target.name, (failures.get(target.name) ?? 0) + failed);
      }
    }
    const best = (name: string) => (results.get(name) ?? []).reduce<LoadResult | undefined>((a, b) => (!a || b.requestsPerSecond > a.requestsPerSecond ? b : a), undefined);
    const table: Table = {
      headers: [workload.label, ...Array.from({ length: ROUNDS }, (_, i) => `req/s round ${i + 1}`), 'best req/s', 'p50 ms (best round)', 'p99 ms (best round)', 'failed'],
      rows: targets.map(({ name }) => {
        const top = best(name);
        const total = (results.get(name) ?? []).reduce((sum, result) => sum + result.total, 0);
        return [name, ...(results.get(name) ?? []).map((result) => round(result.requestsPerSecond, 0)), round(top?.requestsPerSecond ?? Number.NaN, 0), String(top?.p50Ms ?? '—'), String(top?.p99Ms ?? '—'), `${failures.get(name) ?? 0} of ${total}`];
      }),
    };
    report.tables.push(table);
    const [inMemory, onRedis] = [best('in memory'), best('Redis')];
    const p99Ratio = (onRedis?.p99Ms ?? Number.NaN) / Math.max(1, inMemory?.p99Ms ?? Number.NaN);
    const failedAny = (failures.get('in memory') ?? 0) + (failures.get('Redis') ?? 0) > 0;
    report.checks.push({
      name: `${workload.upstream}: p99 with Redis vs in memory`,
      target: `≤ ${P99_TARGET}×`,
      measured: `${round(p99Ratio, 2)}× (${onRedis?.p99Ms ?? '—'} vs ${inMemory?.p99Ms ?? '—'} ms; throughput ${round((onRedis?.requestsPerSecond ?? Number.NaN) / (inMemory?.requestsPerSecond ?? Number.NaN), 2)}×)${failedAny ? '; some requests failed' : ''}`,
      pass: !failedAny && p99Ratio <= P99_TARGET,
    });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
