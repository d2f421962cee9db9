/**
 * Ablations of the performance tricks (bench/README.md, "Performance tricks"): the same workload
 * against two builds of pixmock in one run, their rounds interleaved on the server core, so each
 * trick is measured on its own under the same load and the same neighbours.
 *
 *   node --import tsx bench/ablation.ts <workload> <dist dir A> <dist dir B> [rounds]
 *
 * Workloads: `dify-params` (GET /v1/parameters, benchmark 1's primary), `aibabe-options` (signed
 * POST /v1/config/options, benchmark 1's secondary), `images` (uncached 1024×1024 chat images,
 * benchmark 2's uncached rate), `held` (RSS and heap per held chat-image request, benchmark 3's
 * measurement, one batch of 5,000 per round). A build is a copy of dist/ made by
 * bench/ablation-build.sh (beside links to contracts/, mocks/ and node_modules/). Prints each
 * build's rounds; the lowest CPU per request and the best rate of each build are compared.
 */
import { join, resolve } from 'node:path';
import type { AutocannonRequest } from 'autocannon';
import { signRequest } from '../src/auth/index.js';
import { isAibabeDemo, nextRequestId, postAibabe, signAibabe, type AibabeDemo } from './lib/aibabe-client.js';
import { startPixmock, type BenchEnv, type ServerReady } from './lib/bench-env.js';
import { createBenchMocks } from './lib/bench-mocks.js';
import { runLoad } from './lib/load.js';
import { describeMachine } from './lib/machine.js';
import { pinSelf, startProcess, type StartedProcess } from './lib/processes.js';
import { percentile } from './lib/stats.js';

const ROOT = join(import.meta.dirname, '..');
const [workload = '', distA = '', distB = '', roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 4);
const WORKLOADS = ['dify-params', 'aibabe-options', 'images', 'held'];
if (!WORKLOADS.includes(workload) || !distA || !distB) {
  process.stderr.write(`usage: node --import tsx bench/ablation.ts <${WORKLOADS.join('|')}> <dist A> <dist B> [rounds]\n`);
  process.exit(2);
}
const HELD = 5_000;
const HOLD_SIM_MS = 60_000;
const TIME_SCALE = 6;
const HOLD_WALL_MS = HOLD_SIM_MS / TIME_SCALE;

const machine = describeMachine();
await pinSelf(machine.taskset, 1);
const mocks = await createBenchMocks(join(ROOT, 'mocks'), workload === 'images' ? { chatImageSize: { width: 1024, height: 1024 } } : {});
const env: BenchEnv = { root: ROOT, machine, serverCpu: 0, loadCpu: 1, mocksDir: mocks.dir, log: (message) => process.stderr.write(`${message}\n`) };
const upstream = workload === 'dify-params' ? 'dify' : 'aibabe';
const latency = workload === 'held' ? 'realistic' : 'instant';
const builds = [
  { name: 'A', dist: resolve(distA) },
  { name: 'B', dist: resolve(distB) },
];
const servers = new Map<string, StartedProcess<ServerReady>>();
for (const build of builds) {
  servers.set(build.name, await startPixmock(env, { upstream, latency, distDir: build.dist, ...(workload === 'held' ? { timeScale: TIME_SCALE, journalEntries: HELD + 100 } : {}) }, workload === 'held' ? { openFiles: 20_000 } : {}));
}
const heldClient =
  workload === 'held'
    ? await startProcess({ command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'bench/clients/held-client.ts')], cwd: ROOT, cpu: 1, tasksetPath: machine.taskset, openFiles: 20_000, ipc: true, ready: (line) => (line.includes('"event":"ready"') ? true : undefined) })
    : undefined;

type Sample = { rate: number; cpuMicros: number; p99?: number; rss?: number; heap?: number };
const samples = new Map<string, Sample[]>(builds.map((build) => [build.name, []]));
const cpu = async (server: StartedProcess<ServerReady>) => (await server.request<{ cpuMicros: number }>({ type: 'stats' })).cpuMicros;

try {
  const prepared = new Map<string, () => AutocannonRequest[] | string>();
  for (const [name, server] of servers) prepared.set(name, await prepare(server));
  for (const [name, server] of servers) if (workload !== 'held') await runLoad({ url: server.ready.url, duration: 2, connections: workload === 'images' ? 2 : 16, requests: prepared.get(name)!() as AutocannonRequest[] });
  for (let round = 0; round < rounds; round += 1) {
    // A, B, then B, A: neither build always runs first.
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const { name } of order) {
      const server = servers.get(name)!;
      const sample = workload === 'held' ? await heldRound(server, prepared.get(name)!() as string, `${name}${round}x`) : await loadRound(server, prepared.get(name)!() as AutocannonRequest[]);
      samples.get(name)!.push(sample);
      process.stderr.write(`${name} round ${round + 1}: ${JSON.stringify(sample)}\n`);
    }
  }
} finally {
  for (const server of servers.values()) await server.stop();
  await heldClient?.stop();
  await mocks.remove();
}

const lines = [`ablation ${workload}: A = ${distA}, B = ${distB}, ${rounds} rounds each, interleaved`];
for (const { name } of builds) {
  const list = samples.get(name)!;
  if (workload === 'held') {
    const rss = list.map((sample) => sample.rss!);
    const heap = list.map((sample) => sample.heap!);
    lines.push(`${name}: RSS per held ${list.map((sample) => (sample.rss! / 1024).toFixed(2)).join(', ')} KiB (median ${(percentile(rss, 50) / 1024).toFixed(2)}); heap per held ${list.map((sample) => (sample.heap! / 1024).toFixed(2)).join(', ')} KiB (median ${(percentile(heap, 50) / 1024).toFixed(2)}); p99 lateness ${list.map((sample) => sample.p99!.toFixed(1)).join(', ')} ms`);
  } else {
    lines.push(`${name}: req/s ${list.map((sample) => sample.rate.toFixed(0)).join(', ')} (best ${Math.max(...list.map((sample) => sample.rate)).toFixed(0)}); CPU µs/request ${list.map((sample) => sample.cpuMicros.toFixed(1)).join(', ')} (lowest ${Math.min(...list.map((sample) => sample.cpuMicros)).toFixed(1)})`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);

async function loadRound(server: StartedProcess<ServerReady>, requests: AutocannonRequest[]): Promise<Sample> {
  const before = await cpu(server);
  const result = await runLoad({ url: server.ready.url, duration: workload === 'images' ? 6 : 4, connections: workload === 'images' ? 2 : 16, requests });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`non-2xx or errors: ${JSON.stringify(result.statusCounts)}`);
  return { rate: result.requestsPerSecond, cpuMicros: ((await cpu(server)) - before) / Math.max(1, result.total) };
}

async function heldRound(server: StartedProcess<ServerReady>, request: string, tag: string): Promise<Sample> {
  type Memory = { rss: number; heapUsed: number; connections: number; pendingTimers: number; cpuMicros: number };
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = await server.request<Memory>({ type: 'gc' });
  const opened = heldClient!.request({ type: 'open', port: server.ready.port, count: HELD, perSecond: 2_500, maxConnecting: 256, request: request.replace('{{port}}', String(server.ready.port)), tag });
  const started = performance.now();
  for (;;) {
    const stats = await server.request<Memory>({ type: 'stats' });
    if (stats.pendingTimers >= HELD || performance.now() - started > HOLD_WALL_MS - 1_500) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const held = await server.request<Memory>({ type: 'gc' });
  await opened;
  const results = await heldClient!.request<{ firstByteMs: number[]; count: number }>({ type: 'results', timeoutMs: HOLD_WALL_MS + 60_000 });
  const count = Math.max(1, held.pendingTimers);
  return { rate: results.count, cpuMicros: 0, rss: (held.rss - idle.rss) / count, heap: (held.heapUsed - idle.heapUsed) / count, p99: percentile(results.firstByteMs.map((ms) => ms - HOLD_WALL_MS), 99) };
}

/** The workload's requests for one server (an autocannon list, or the held client's raw request). */
async function prepare(server: StartedProcess<ServerReady>): Promise<() => AutocannonRequest[] | string> {
  const { url, demo: demoRecord } = server.ready;
  if (workload === 'dify-params') {
    const headers = { Authorization: `Bearer ${demoRecord?.apiKey}` };
    return () => [{ method: 'GET', path: '/v1/parameters', headers }];
  }
  if (!isAibabeDemo(demoRecord)) throw new Error('aibabe demo credentials missing from the ready line');
  const demo: AibabeDemo = demoRecord;
  if (workload === 'aibabe-options') {
    const path = '/v1/config/options';
    const payload = { namespace: 'custom_agent', language: 'en' };
    return () => [{ method: 'POST', path, headers: signAibabe(demo, path, payload), body: JSON.stringify(payload), setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'X-Request-ID': nextRequestId('ab') } }) }];
  }
  const conversation = await postAibabe<{ data: { conversationId: string } }>(url, demo, '/v1/chat/conversation', { agentId: demo.agentId }, { Prefer: 'latency=0' });
  const base = { agentId: demo.agentId, conversationId: conversation.body.data.conversationId, text: 'a lighthouse on a cliff at dusk, oil painting', language: 'en' };
  await postAibabe(url, demo, '/v1/chat/image', base, { Prefer: 'latency=0' });
  if (workload === 'images') {
    let counter = 0;
    const path = '/v1/chat/image';
    return () => [
      {
        method: 'POST',
        path,
        setupRequest: (request) => {
          const body = { ...base, text: `${base.text} #${counter++}` };
          return { ...request, headers: signRequest({ apiKey: demo.apiKey, apiSecret: demo.apiSecret, userId: demo.userId, method: 'POST', path, body, requestId: nextRequestId('abl') }), body: JSON.stringify(body) };
        },
      },
    ];
  }
  return () => {
    const text = JSON.stringify(base);
    const headers = { ...signAibabe(demo, '/v1/chat/image', base), 'X-Request-ID': '{{id}}', Prefer: `latency=${HOLD_SIM_MS}` };
    return [`POST /v1/chat/image HTTP/1.1`, 'Host: 127.0.0.1:{{port}}', 'Connection: close', `Content-Length: ${Buffer.byteLength(text)}`, ...Object.entries(headers).map(([key, value]) => `${key}: ${value}`)].join('\r\n') + `\r\n\r\n${text}`;
  };
}
