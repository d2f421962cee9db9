/**
 * Prism's validation proxy, which nobody here wrote, agrees with the suite: with
 * `prism proxy contracts/<upstream>/openapi.yaml <pixmock url> --errors` in front of each
 * upstream, the suite's positive JSON cases (and their follow-ups) pass through it with no
 * violation reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockServers, type RunningMockServers } from '../server/create-mock-servers.js';
import { runContractSuite } from './run-suite.js';
import { describeFindings, sharedContracts, TEST_SEED } from './test-helpers/run-against-mock.js';
import type { SuiteCase, UpstreamName } from './types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRISM = path.join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js');
const UPSTREAMS: UpstreamName[] = ['aibabe', 'chatfire', 'dify'];
const PRISM_READY_MS = 45_000;
/** Operations answering image/png. */
const BINARY_OPERATIONS = new Set(['downloadImage', 'getToolFile']);

let servers: RunningMockServers;
const proxies = new Map<UpstreamName, { child: ChildProcess; url: string; output: string[] }>();

beforeAll(async () => {
  const { contracts, renderer } = await sharedContracts();
  servers = await createMockServers({ latency: 'fast', timeScale: 100, seed: TEST_SEED, host: '127.0.0.1', ports: { aibabe: 0, chatfire: 0, dify: 0 }, contracts, renderer });
  await Promise.all(UPSTREAMS.map(async (upstream) => {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, [PRISM, 'proxy', `contracts/${upstream}/openapi.yaml`, servers.upstreams[upstream]?.url ?? '', '--errors', '-p', String(port), '-h', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    proxies.set(upstream, { child, url: `http://127.0.0.1:${port}`, output });
    await waitForListening(`http://127.0.0.1:${port}`, child, output);
  }));
}, 90_000);

afterAll(async () => {
  for (const { child } of proxies.values()) child.kill();
  await servers?.close();
});

/**
 * Positive cases with a JSON body (or none), not streamed and needing no multipart upload first
 * (aibabe's refImageId): Prism's proxy re-encodes multipart parts (an image/png part arrives as
 * application/octet-stream) and binary bodies, so those exchanges are out of its reach.
 */
const positiveJson = (c: SuiteCase) => {
  const body = (c.body ?? {}) as Record<string, unknown>;
  return c.kind === 'positive' && c.form === undefined && body.response_mode !== 'streaming' && !('refImageId' in body);
};

it.each(UPSTREAMS)('reports no violation while the positive %s cases pass through prism proxy --errors', async (upstream) => {
  const proxy = proxies.get(upstream);
  const demo = servers.upstreams[upstream]?.demo ?? {};
  const { contracts } = await sharedContracts();
  const result = await runContractSuite({
    seed: TEST_SEED,
    contracts,
    targets: [{ upstream, baseUrl: proxy?.url, credentials: demo, live: false, timeScale: 100, latencyProfile: 'fast' }],
    filter: positiveJson,
  });

  const exchanges = result.cases.flatMap((c) => c.exchanges);
  const violations = exchanges.flatMap((x) => (x.response?.headers['sl-violations'] ? [`${x.request.method} ${x.request.path}: ${x.response.headers['sl-violations']}`] : []));
  expect(violations).toEqual([]);
  // Prism's proxy re-encodes binary bodies as UTF-8 text (89 50 4E 47 arrives as ef bf bd 50 4E 47),
  // so image bytes fetched through it are not judged here; every JSON exchange is.
  const json = { ...result, cases: result.cases.map((c) => ({ ...c, findings: c.findings.filter((f) => !(f.check === 'image_validity' && BINARY_OPERATIONS.has(f.operationId))) })) };
  expect(describeFindings(json), proxy?.output.join('').slice(-2000)).toBe('');
  expect(result.summary.cases).toBeGreaterThan(2);
  expect(exchanges.length).toBeGreaterThanOrEqual(result.summary.cases);
}, 90_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForListening(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + PRISM_READY_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited (${child.exitCode}): ${output.join('')}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`prism did not listen on ${url} within ${PRISM_READY_MS} ms: ${output.join('')}`);
}
