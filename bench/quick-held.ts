/**
 * Iteration helper, not part of `npm run bench`: RSS and heap per held chat-image request on
 * pixmock and on the bare node:http reference, one batch each, the client and measurement of
 * benchmark 3.  node --import tsx bench/quick-held.ts [count] [pixmock|bare|both]
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG_DATA_URL_PREFIX } from '../src/imaging/png-text.js';
import { isAibabeDemo, postAibabe, signAibabe } from './lib/aibabe-client.js';
import { startBare, startPixmock, type BenchEnv } from './lib/bench-env.js';
import { createBenchMocks } from './lib/bench-mocks.js';
import { describeMachine } from './lib/machine.js';
import { pinSelf, startProcess } from './lib/processes.js';
import { percentile } from './lib/stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? 3000);
const which = process.argv[3] ?? 'both';
const HOLD_SIM_MS = 60_000;
const TIME_SCALE = 6;
const HOLD_WALL_MS = HOLD_SIM_MS / TIME_SCALE;
const machine = describeMachine();
await pinSelf(machine.taskset, 1);
const mocks = await createBenchMocks(join(ROOT, 'mocks'));
const env: BenchEnv = { root: ROOT, machine, serverCpu: 0, loadCpu: 1, mocksDir: mocks.dir, log: (m) => process.stderr.write(`${m}\n`) };
const client = await startProcess({ command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'bench/clients/held-client.ts')], cwd: ROOT, cpu: 1, tasksetPath: machine.taskset, openFiles: 20_000, ipc: true, ready: (line) => (line.includes('"event":"ready"') ? true : undefined) });
type Memory = { rss: number; heapUsed: number; connections: number; pendingTimers?: number };
type Results = { firstByteMs: number[]; bytes: number; count: number };
const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;

async function measure(name: string, server: Awaited<ReturnType<typeof startBare>>, request: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = await server.request<Memory>({ type: 'gc' });
  if (process.env.SNAPSHOT) process.stderr.write(`snapshot ${(await server.request<{ file: string }>({ type: 'snapshot' })).file}\n`);
  const opened = client.request({ type: 'open', port: server.ready.port, count, perSecond: 2500, maxConnecting: 256, request, tag: `${name}x` });
  const started = performance.now();
  for (;;) {
    const stats = await server.request<Memory>({ type: 'stats' });
    if (stats.connections >= count || performance.now() - started > HOLD_WALL_MS - 1500) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const held = await server.request<Memory>({ type: 'gc' });
  if (process.env.SNAPSHOT) process.stderr.write(`snapshot ${(await server.request<{ file: string }>({ type: 'snapshot' })).file}\n`);
  await opened;
  const results = await client.request<Results>({ type: 'results', timeoutMs: HOLD_WALL_MS + 60_000 });
  const lateness = results.firstByteMs.map((ms) => ms - HOLD_WALL_MS);
  process.stdout.write(`${name}: ${held.connections} held; RSS ${kib((held.rss - idle.rss) / held.connections)} / heap ${kib((held.heapUsed - idle.heapUsed) / held.connections)} per held; lateness p50 ${percentile(lateness, 50).toFixed(1)} p99 ${percentile(lateness, 99).toFixed(1)} ms; ${Math.round(results.bytes / results.count)} bytes each\n`);
  return Math.round(results.bytes / results.count);
}

const pixmock = await startPixmock(env, { upstream: 'aibabe', latency: 'realistic', timeScale: TIME_SCALE, journalEntries: count + 100 }, { openFiles: 20_000 });
const demo = pixmock.ready.demo;
if (!isAibabeDemo(demo)) throw new Error('no demo');
const conversation = await postAibabe<{ data: { conversationId: string } }>(pixmock.ready.url, demo, '/v1/chat/conversation', { agentId: demo.agentId }, { Prefer: 'latency=0' });
const chatBody = { agentId: demo.agentId, conversationId: conversation.body.data.conversationId, text: 'a lighthouse on a cliff at dusk, oil painting', language: 'en' };
await postAibabe(pixmock.ready.url, demo, '/v1/chat/image', chatBody, { Prefer: 'latency=0' });
const text = JSON.stringify(chatBody);
const raw = (port: number, headers: Record<string, string>) =>
  `${['POST /v1/chat/image HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Connection: close', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(text)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n')}\r\n\r\n${text}`;
// The reference gets the very request pixmock gets (signature headers included), as in benchmark 3.
const signed = { ...signAibabe(demo, '/v1/chat/image', chatBody), 'X-Request-ID': '{{id}}', Prefer: `latency=${HOLD_SIM_MS}` };
let size = 150_000;
if (which !== 'bare') size = await measure('pixmock', pixmock, raw(pixmock.ready.port, signed));
await pixmock.stop();
if (which !== 'pixmock') {
  const bodyFile = join(tmpdir(), `pixmock-quick-held-${process.pid}.json`);
  const envelope = (filler: string) => JSON.stringify({ code: 10200, success: true, message: 'OK', data: { base64Image: `${PNG_DATA_URL_PREFIX}${filler}` } });
  await writeFile(bodyFile, envelope('A'.repeat(Math.max(0, size - envelope('').length - 200))));
  const bare = await startBare(env, 'http', bodyFile, { holdMs: HOLD_WALL_MS, openFiles: 20_000 });
  await measure('bare node:http', bare, raw(bare.ready.port, signed));
  await bare.stop();
  await rm(bodyFile, { force: true });
}
await client.stop();
await mocks.remove();
