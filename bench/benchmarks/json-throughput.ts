/**
 * Benchmark 1: JSON throughput and latency of a cheap operation with latency `instant`, pixmock
 * against a bare node:http server, a bare express app (both answering the same body pixmock
 * answered) and `prism mock -v silent` serving the same contract. Primary: Dify getParameters
 * (GET, bearer), ≥ 0.8× bare node:http and ≥ 3× Prism. Secondary: aibabe configOptions (POST,
 * HMAC-signed, a fresh X-Request-ID per request), ≥ 3× Prism; its ratio to bare node:http (which
 * verifies no signature) and both groups' ratio to bare express are recorded.
 * Each server is its own process on the server core; autocannon runs here on the load core.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutocannonRequest } from 'autocannon';
import { isAibabeDemo, nextRequestId, postAibabe, signAibabe, type AibabeDemo } from '../lib/aibabe-client.js';
import { startBare, startPixmock, startPrism, type BenchEnv } from '../lib/bench-env.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import type { StartedProcess } from '../lib/processes.js';
import { round, type BenchmarkReport, type Check, type Table } from '../lib/report.js';

const CONNECTIONS = 16;
const WARMUP_SECONDS = 2;
const ROUND_SECONDS = 4;
const ROUNDS = 3;
const PRISM_TARGET = 3;
/** Dify getParameters (the primary) against a bare node:http server answering the same body. */
const BARE_HTTP_TARGET = 0.8;

interface Target {
  name: string;
  url: string;
  stop(): Promise<void>;
}

interface Workload {
  label: string;
  /** Builds the autocannon request list; called before every run so signatures stay fresh. */
  requests(): AutocannonRequest[];
  /** True when a response body is a success of the operation (not just HTTP 2xx). */
  isSuccess(status: number, body: string): boolean;
}

export async function runJsonThroughput(env: BenchEnv): Promise<BenchmarkReport> {
  const started = performance.now();
  const report: BenchmarkReport = {
    id: 1,
    title: 'JSON throughput of a cheap operation (latency instant)',
    status: 'ran',
    method: [
      `autocannon, ${CONNECTIONS} connections, no pipelining; per server a ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} rounds of ${ROUND_SECONDS} s, rounds interleaved across servers; the better round is used for ratios.`,
      'Each server runs in its own process pinned to the server core; autocannon runs in the bench process on the load core.',
      'Bare node:http and bare express (etag and x-powered-by off, express.json() mounted) answer the body pixmock answered, JSON.stringify per request; both parse a request body when there is one.',
      'Prism 5.14.2: `prism mock contracts/<id>/openapi.yaml -v silent` (static examples, request validation on).',
      'Successes are counted from the body (aibabe answers errors with HTTP 200): a response only counts as a success when its status is 2xx and (aibabe) its body says "success":true.',
      `Targets: Dify getParameters ≥ ${BARE_HTTP_TARGET}× bare node:http and ≥ ${PRISM_TARGET}× Prism; aibabe configOptions ≥ ${PRISM_TARGET}× Prism. The ratios to bare express, and aibabe's to bare node:http, are recorded without a target.`,
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };

  try {
    await runGroup(env, report, 'dify', 'Dify getParameters (GET /v1/parameters), primary', 'contracts/dify/openapi.yaml', async (pixmockUrl, demo) => {
      const headers = { Authorization: `Bearer ${demo.apiKey}` };
      const response = await fetch(`${pixmockUrl}/v1/parameters`, { headers });
      if (response.status !== 200) throw new Error(`pixmock dify GET /v1/parameters answered ${response.status}: ${await response.text()}`);
      return {
        body: await response.json(),
        workload: {
          label: 'GET /v1/parameters',
          requests: () => [{ method: 'GET', path: '/v1/parameters', headers }],
          isSuccess: (status) => status >= 200 && status < 300,
        },
      };
    });
  } catch (error) {
    report.notes.push(`Dify group not run: ${(error as Error).message.split('\n')[0]}`);
  }

  try {
    await runGroup(env, report, 'aibabe', 'aibabe configOptions (POST /v1/config/options, signed), secondary', 'contracts/aibabe/openapi.yaml', async (pixmockUrl, demoRecord) => {
      if (!isAibabeDemo(demoRecord)) throw new Error('aibabe demo credentials missing from the ready line');
      const demo: AibabeDemo = demoRecord;
      const path = '/v1/config/options';
      const payload = { namespace: 'custom_agent', language: 'en' };
      const first = await postAibabe(pixmockUrl, demo, path, payload);
      if (first.body.success !== true) throw new Error(`pixmock aibabe ${path} did not succeed: ${JSON.stringify(first.body).slice(0, 300)}`);
      return {
        body: first.body,
        workload: {
          label: `POST ${path}`,
          requests: () => {
            const signed = signAibabe(demo, path, payload);
            return [
              {
                method: 'POST',
                path,
                headers: signed,
                body: JSON.stringify(payload),
                setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'X-Request-ID': nextRequestId('ac') } }),
              },
            ];
          },
          isSuccess: (status, body) => status >= 200 && status < 300 && body.includes('"success":true'),
        },
      };
    });
  } catch (error) {
    report.notes.push(`aibabe group not run: ${(error as Error).message.split('\n')[0]}`);
  }

  if (report.checks.length === 0) {
    report.status = 'not run';
    report.reason = report.notes.join(' ');
  }
  report.wallSeconds = (performance.now() - started) / 1000;
  return report;
}

async function runGroup(
  env: BenchEnv,
  report: BenchmarkReport,
  upstream: 'dify' | 'aibabe',
  title: string,
  contract: string,
  prepare: (pixmockUrl: string, demo: Record<string, string>) => Promise<{ body: unknown; workload: Workload }>,
): Promise<void> {
  env.log(`bench 1: ${title}`);
  const servers: StartedProcess<unknown>[] = [];
  const bodyFile = join(tmpdir(), `pixmock-bench-${upstream}-${process.pid}.json`);
  try {
    const pixmock = await startPixmock(env, { upstream, latency: 'instant' });
    servers.push(pixmock);
    const { body, workload } = await prepare(pixmock.ready.url, pixmock.ready.demo ?? {});
    await writeFile(bodyFile, JSON.stringify(body));
    const http = await startBare(env, 'http', bodyFile);
    servers.push(http);
    const express = await startBare(env, 'express', bodyFile);
    servers.push(express);
    const targets: Target[] = [
      { name: 'pixmock', url: pixmock.ready.url, stop: () => pixmock.stop() },
      { name: 'bare node:http', url: http.ready.url, stop: () => http.stop() },
      { name: 'bare express', url: express.ready.url, stop: () => express.stop() },
    ];
    try {
      const prism = await startPrism(env, contract);
      servers.push(prism);
      targets.push({ name: 'prism mock', url: prism.url, stop: () => prism.stop() });
    } catch (error) {
      report.notes.push(`${upstream}: Prism did not start: ${(error as Error).message.split('\n')[0]}`);
    }

    const results = new Map<string, LoadResult[]>();
    const failures = new Map<string, number>();
    for (const target of targets) {
      await runLoad({ url: target.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, requests: workload.requests() });
    }
    for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
      for (const target of targets) {
        let failed = 0;
        const requests = workload.requests().map((request) => ({
          ...request,
          onResponse: (status: number, body: string) => {
            if (!workload.isSuccess(status, body)) failed += 1;
          },
        }));
        const result = await runLoad({ url: target.url, connections: CONNECTIONS, duration: ROUND_SECONDS, requests });
        env.log(`  ${target.name} round ${round_ + 1}: ${round(result.requestsPerSecond, 0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, not-success ${failed}`);
        results.set(target.name, [...(results.get(target.name) ?? []), result]);
        failures.set(target.name, (failures.get(target.name) ?? 0) + failed);
      }
    }

    const best = (name: string) => (results.get(name) ?? []).reduce<LoadResult | undefined>((a, b) => (!a || b.requestsPerSecond > a.requestsPerSecond ? b : a), undefined);
    const table: Table = {
      headers: [`${title}`, ...Array.from({ length: ROUNDS }, (_, i) => `req/s round ${i + 1}`), 'best req/s', 'p50 ms (best round)', 'p99 ms (best round)', 'responses that were not a success'],
      rows: [],
    };
    for (const target of targets) {
      const rounds = results.get(target.name) ?? [];
      const top = best(target.name);
      table.rows.push([
        target.name,
        ...rounds.map((result) => round(result.requestsPerSecond, 0)),
        round(top?.requestsPerSecond ?? Number.NaN, 0),
        String(top?.p50Ms ?? '—'),
        String(top?.p99Ms ?? '—'),
        `${failures.get(target.name) ?? 0} of ${rounds.reduce((sum, result) => sum + result.total, 0)}${describeStatuses(rounds)}`,
      ]);
    }
    report.tables.push(table);

    const pixmockRate = best('pixmock')?.requestsPerSecond ?? Number.NaN;
    const pixmockFailures = failures.get('pixmock') ?? 0;
    const httpRate = best('bare node:http')?.requestsPerSecond ?? Number.NaN;
    const expressRate = best('bare express')?.requestsPerSecond ?? Number.NaN;
    const checks: Check[] = [];
    const ratioHttp = pixmockRate / httpRate;
    const failuresNote = pixmockFailures > 0 ? `; ${pixmockFailures} pixmock responses were not a success` : '';
    checks.push({
      name: `${upstream}: pixmock vs bare node:http`,
      target: upstream === 'dify' ? `≥ ${BARE_HTTP_TARGET}×` : 'no target (bare node:http verifies no signature)',
      measured: `${round(ratioHttp, 2)}× (${round(pixmockRate, 0)} vs ${round(httpRate, 0)} req/s)${failuresNote}`,
      pass: upstream === 'dify' ? pixmockFailures === 0 && ratioHttp >= BARE_HTTP_TARGET : 'info',
    });
    checks.push({
      name: `${upstream}: pixmock vs bare express`,
      target: 'no target (recorded reference)',
      measured: `${round(pixmockRate / expressRate, 2)}× (${round(pixmockRate, 0)} vs ${round(expressRate, 0)} req/s)`,
      pass: 'info',
    });
    const prismResult = best('prism mock');
    if (prismResult) {
      report.notes.push(`${upstream}: reference ratios in this run — bare node:http ${round(httpRate / prismResult.requestsPerSecond, 2)}× Prism, bare express ${round(expressRate / prismResult.requestsPerSecond, 2)}× Prism.`);
    }
    const prismFailures = failures.get('prism mock') ?? 0;
    if (prismResult) {
      const ratioPrism = pixmockRate / prismResult.requestsPerSecond;
      checks.push({
        name: `${upstream}: pixmock vs prism mock`,
        target: `≥ ${PRISM_TARGET}×`,
        measured: `${round(ratioPrism, 2)}× (${round(pixmockRate, 0)} vs ${round(prismResult.requestsPerSecond, 0)} req/s)${prismFailures > 0 ? `; ${prismFailures} Prism responses were not a success, so its rate is not comparable` : ''}`,
        pass: prismFailures > 0 ? undefined : pixmockFailures === 0 && ratioPrism >= PRISM_TARGET,
      });
    } else {
      checks.push({ name: `${upstream}: pixmock vs prism mock`, target: `≥ ${PRISM_TARGET}×`, measured: 'Prism did not start', pass: undefined });
    }
    report.checks.push(...checks);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(bodyFile, { force: true });
  }
}

function describeStatuses(rounds: LoadResult[]): string {
  const counts: Record<string, number> = {};
  for (const result of rounds) for (const [status, count] of Object.entries(result.statusCounts)) counts[status] = (counts[status] ?? 0) + count;
  const entries = Object.entries(counts);
  return entries.length > 0 ? ` (HTTP ${entries.map(([status, count]) => `${status}: ${count}`).join(', ')})` : '';
}
