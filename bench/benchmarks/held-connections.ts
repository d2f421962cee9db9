/**
 * Benchmark 3: 10,000 chat-image requests held at once on aibabe (latency `realistic`, time-scaled).
 * Each request carries `Prefer: latency=<HOLD_SIM_MS>` so its scheduled answer is known: send time +
 * HOLD_SIM_MS / TIME_SCALE. Measures RSS per held request, lateness of the answers, and — after a
 * second batch of 10,000 is aborted mid-wait — the simulated timers and sockets left behind.
 * Runs twice: with the shipped chat image size (the check of record), and with a 64×64 image so the
 * lateness of the hold machinery shows apart from the cost of sending 10,000 large image bodies.
 * Server and client are separate processes on separate cores; both get `ulimit -n` 20,000.
 */
import { join } from 'node:path';
import { PNG_DATA_URL_PREFIX } from '../../src/imaging/png-text.js';
import { isAibabeDemo, postAibabe, signAibabe, type AibabeDemo } from '../lib/aibabe-client.js';
import { startBare, startPixmock, type BenchEnv, type ServerReady } from '../lib/bench-env.js';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createBenchMocks } from '../lib/bench-mocks.js';
import { countSocketFds, readRssBytes, startProcess, tcpStatesOnPort, type StartedProcess } from '../lib/processes.js';
import { formatBytes, round, type BenchmarkReport, type Check } from '../lib/report.js';
import { getJson } from '../lib/http-json.js';
import { median, percentile } from '../lib/stats.js';
import type { PixmockServerStats } from '../servers/pixmock-server.js';

const HELD = 10_000;
const OPEN_PER_SECOND = 2_500;
const MAX_CONNECTING = 256;
const HOLD_SIM_MS = 60_000;
const TIME_SCALE = 6;
const HOLD_WALL_MS = HOLD_SIM_MS / TIME_SCALE;
/** Measure (or abort) once every request is held, but no later than this long before the first is due. */
const MARGIN_BEFORE_DUE_MS = 1_500;
const ABORT_SETTLE_MS = 1_000;
/** The server must have dropped every timer and connection of the aborted batch within this. */
const CLEAN_WITHIN_MS = 5_000;
const OPEN_FILES = 20_000;
/** pixmock's RSS per held request, at most this times bare node:http's (same requests, same client). */
const RSS_TARGET_RATIO = 1.1;
/** pixmock's p99 lateness (median of its batches), at most this times bare node:http's. */
const LATENESS_TARGET_RATIO = 1;
/**
 * Held-and-answered batches per server whose p99 lateness is reported; the check takes their median.
 * One p99 of one batch is mostly the luck of where V8's major GC lands (bare servers alike).
 */
const LATENESS_BATCHES = 3;
const SMALL_IMAGE = { width: 64, height: 64 };

interface ClientResults {
  count: number;
  stillOpen: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  firstByteMs: number[];
  endMs: number[];
  bytes: number;
  withMarker?: number;
}

interface Opened {
  opened: number;
  rampMs: number;
  failedEarly: number;
}

interface ServerView {
  stats: PixmockServerStats;
  pendingTimers: number;
  socketFds: number;
  tcp: Record<string, number>;
}

interface Session {
  server: StartedProcess<ServerReady>;
  client: StartedProcess<unknown>;
  url: string;
  port: number;
  /** The signed chat-image request, addressed to `port` (default the session's server). */
  rawRequest(port?: number): string;
  view(): Promise<ServerView>;
}

export async function runHeldConnections(env: BenchEnv): Promise<BenchmarkReport> {
  const started = performance.now();
  const n = HELD.toLocaleString('en');
  const report: BenchmarkReport = {
    id: 3,
    title: `${n} held chat-image connections (latency realistic, time scale ${TIME_SCALE})`,
    status: 'ran',
    method: [
      `aibabe chatImage (POST /v1/chat/image, signed, a fresh X-Request-ID each), \`Prefer: latency=${HOLD_SIM_MS}\` → held ${HOLD_WALL_MS} ms of wall time at time scale ${TIME_SCALE}. Every request has the same prompt, so one render serves all (image throughput is benchmark 2); each answer still base64-encodes and sends the PNG.`,
      `Client: a separate Node process on the load core, one raw TCP socket per request (Connection: close), up to ${OPEN_PER_SECOND}/s with at most ${MAX_CONNECTING} handshakes in flight (so the listen backlog never overflows). Server: a pixmock child on the server core. Both started with ulimit -n ${OPEN_FILES}.`,
      `"Held" is read when GET /__pixmock/health reports ${n} pending simulated timers (one per waiting request; for the reference: ${n} open connections), or ${MARGIN_BEFORE_DUE_MS} ms before the first request is due, whichever comes first. RSS per held request = (RSS then − RSS idle) / requests held, both after a forced full GC in the server (--expose-gc).`,
      `Lateness = client-measured time from writing the request to the first response byte − ${HOLD_WALL_MS} ms (also to the end of the response, and the server journal's durationMs − ${HOLD_WALL_MS} ms). Run A and the reference each hold and answer ${LATENESS_BATCHES} batches; the check compares the medians of their p99s (one batch's p99 is mostly where V8's major GCs happen to land). After each batch pixmock's journal is read and emptied (DELETE /__pixmock/requests).`,
      `Leaks: a second batch of ${n} is held and every socket is destroyed by the client at the same point; then pending timers (health) and open connections (server.getConnections) are polled until both are 0 (up to ${CLEAN_WITHIN_MS} ms); socket fds (/proc/<pid>/fd) and TCP states on the port (/proc/net/tcp) are read ${ABORT_SETTLE_MS} ms after the abort and again after the aborted requests were due. Admin queries use fresh connections that close (no keep-alive) so they are not counted.`,
      `Run A: the shipped chat image size (mocks/aibabe/limits.yaml) — the checks of record. Run B: ${SMALL_IMAGE.width}x${SMALL_IMAGE.height} images (temporary mocks copy), to separate the timer/hold machinery from the cost of 10,000 image answers.`,
      `Reference: a bare node:http server (bench/servers/bare-servers.ts) holds the same ${n} signed requests from the same client process as pixmock does (a timer per request, set when the body has arrived and cleared when the client leaves) and answers a JSON body of run A's size when it fires; its ${LATENESS_BATCHES} batches run interleaved with run A's (pixmock, reference, pixmock's aborted batch, pixmock, reference, …), and its RSS and heap per held request are measured the same way. Targets: pixmock's RSS per held request ≤ ${RSS_TARGET_RATIO}× the reference's (first batch each), and pixmock's p99 lateness (median of ${LATENESS_BATCHES} batches) ≤ ${LATENESS_TARGET_RATIO}× the reference's. A bare express app holding one batch the same way is recorded beside them.`,
    ],
    tables: [],
    checks: [],
    notes: [],
    wallSeconds: 0,
  };

  try {
    const bodyFile = join(tmpdir(), `pixmock-bench-held-body-${process.pid}.json`);
    const a = await withSession(env, env.mocksDir, async (session) => {
      const batch1 = await heldBatch(env, session, 'a1x');
      // The reference holds the same signed requests from the same client, its batches interleaved with pixmock's.
      const bare = await startBareHolder(env, 'http', bodyFile, Math.round(batch1.results.bytes / Math.max(1, batch1.results.count)));
      try {
        const bareBatches = [await bareBatch(env, bare, session, 'h1x')];
        const batch2 = await abortedBatch(env, session, 'a2x');
        const answered = [batch1];
        for (let batch = 3; answered.length < LATENESS_BATCHES; batch += 1) {
          answered.push(await heldBatch(env, session, `a${batch}x`));
          bareBatches.push(await bareBatch(env, bare, session, `h${batch - 1}x`));
        }
        await bare.stop();
        let express: BareBatch | undefined;
        try {
          const server = await startBareHolder(env, 'express', bodyFile);
          try {
            express = await bareBatch(env, server, session, 'e1x');
          } finally {
            await server.stop();
          }
        } catch (error) {
          report.notes.push(`Bare express reference not measured: ${(error as Error).message.split('\n')[0]}`);
        }
        return { batch1, batch2, answered, bareBatches, express };
      } finally {
        await bare.stop();
        await rm(bodyFile, { force: true });
      }
    });
    const small = await createBenchMocks(join(env.root, 'mocks'), { chatImageSize: SMALL_IMAGE });
    let b: Awaited<ReturnType<typeof heldBatch>> | undefined;
    try {
      b = await withSession(env, small.dir, (session) => heldBatch(env, session, 'b1x'));
    } catch (error) {
      report.notes.push(`Run B failed: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await small.remove();
    }

    const { express } = a;
    const bareFirst = a.bareBatches[0]!;
    report.tables.push({
      headers: [
        `The same ${n} signed requests held by pixmock and by the references (same client, same measurement; bare node:http's batches interleaved with pixmock's)`,
        'RSS / heap per held request (first batch)',
        'lateness, first byte p50 / p99 / max (first batch)',
        `p99 lateness of each batch (median)`,
      ],
      rows: [
        ['pixmock (run A)', `${formatBytes(a.batch1.rssPerHeld)} / ${formatBytes(a.batch1.heapPerHeld)}`, latencyTriple(a.batch1.firstByte), p99List(a.answered.map((batch) => batch.p99FirstByte))],
        [`bare node:http (${bareFirst.heldCount} held, ${bareFirst.results.statuses['200'] ?? 0} answered 200)`, `${formatBytes(bareFirst.rssPerHeld)} / ${formatBytes(bareFirst.heapPerHeld)}`, latencyTriple(bareFirst.firstByte), p99List(a.bareBatches.map((batch) => batch.p99FirstByte))],
        ...(express ? [[`bare express, one batch, recorded (${express.heldCount} held, ${express.results.statuses['200'] ?? 0} answered 200)`, `${formatBytes(express.rssPerHeld)} / ${formatBytes(express.heapPerHeld)}`, latencyTriple(express.firstByte), p99List([express.p99FirstByte])]] : []),
      ],
    });
    report.tables.push({
      headers: ['held, then answered', `A: shipped image size`, `B: ${SMALL_IMAGE.width}x${SMALL_IMAGE.height}`],
      rows: heldRows(a.batch1).map(([label, value], index) => [label, value, b ? (heldRows(b)[index]?.[1] ?? '') : 'not run']),
    });
    const { batch2 } = a;
    report.tables.push({
      headers: ['A: second batch, aborted mid-wait', 'value'],
      rows: [
        ['requests written / ramp', `${batch2.opened.opened} in ${round(batch2.opened.rampMs, 0)} ms (${batch2.opened.failedEarly} failed to connect)`],
        ['at abort: pending timers / connections', `${batch2.atAbort.pendingTimers} / ${batch2.atAbort.stats.connections}`],
        ['sockets destroyed by the client', String(batch2.destroyed)],
        [`${ABORT_SETTLE_MS} ms after abort: timers / connections / socket fds`, `${batch2.afterAbort.pendingTimers} / ${batch2.afterAbort.stats.connections} / ${batch2.afterAbort.socketFds} (idle fds ${a.batch1.idle.socketFds})`],
        [`${ABORT_SETTLE_MS} ms after abort: TCP states on the port`, JSON.stringify(batch2.afterAbort.tcp)],
        ['time from abort until 0 timers / 0 connections (polled every ~25 ms plus the time of one query)', `${fmtMs(batch2.clean.timersMs)} / ${fmtMs(batch2.clean.connectionsMs)}`],
        ['after the aborted requests were due: timers / connections', `${batch2.afterDue.pendingTimers} / ${batch2.afterDue.stats.connections}`],
        ['aborted requests answered anyway (journal entries with a status)', `${batch2.answered} of ${batch2.journalEntries}`],
        ['RSS / heap used at the end (after GC; idle before batch 1 was ' + `${formatBytes(a.batch1.idleGc.rss)} / ${formatBytes(a.batch1.idleGc.heapUsed)})`, `${formatBytes(batch2.endGc.rss)} / ${formatBytes(batch2.endGc.heapUsed)}`],
      ],
    });

    const checks: Check[] = [];
    const held = a.batch1;
    const rssRatio = held.rssPerHeld / bareFirst.rssPerHeld;
    checks.push({
      name: 'RSS per held request (A) vs bare node:http',
      target: `≤ ${RSS_TARGET_RATIO}×`,
      measured: `${round(rssRatio, 2)}× (${formatBytes(held.rssPerHeld)} vs ${formatBytes(bareFirst.rssPerHeld)}, first batch each${held.heldCount < HELD || bareFirst.heldCount < HELD ? `; only ${held.heldCount} / ${bareFirst.heldCount} of ${HELD} were held at once` : ''})`,
      pass: held.heldCount >= HELD && bareFirst.heldCount >= HELD && rssRatio <= RSS_TARGET_RATIO,
    });
    const medianP99 = median(a.answered.map((batch) => batch.p99FirstByte));
    const bareMedianP99 = median(a.bareBatches.map((batch) => batch.p99FirstByte));
    const latenessRatio = medianP99 / bareMedianP99;
    const allAnswered = a.answered.every((batch) => batch.succeeded === HELD && batch.heldCount >= HELD);
    checks.push({
      name: `p99 lateness of the answers, first byte (A: shipped image size; median of ${LATENESS_BATCHES} batches) vs bare node:http`,
      target: `≤ ${LATENESS_TARGET_RATIO}×`,
      measured: `${round(latenessRatio, 2)}× (${round(medianP99)} vs ${round(bareMedianP99)} ms; pixmock batches ${a.answered.map((batch) => round(batch.p99FirstByte)).join(', ')} ms, ${a.answered.map((batch) => batch.succeeded).join(' / ')} of ${HELD} succeeded; bare ${a.bareBatches.map((batch) => round(batch.p99FirstByte)).join(', ')} ms)`,
      pass: allAnswered && latenessRatio <= LATENESS_TARGET_RATIO,
    });
    if (b) {
      checks.push({
        name: `p99 lateness, first byte (B: ${SMALL_IMAGE.width}x${SMALL_IMAGE.height} image, one batch, diagnostic)`,
        target: 'no target (separates the hold machinery from the image answers)',
        measured: `${round(b.p99FirstByte)} ms (${b.succeeded}/${HELD} succeeded, ${b.heldCount} held at once)`,
        pass: 'info',
      });
    }
    checks.push({
      name: 'timers left after all clients aborted',
      target: `0, within ${CLEAN_WITHIN_MS / 1000} s`,
      measured: `${batch2.clean.timersMs === undefined ? `${batch2.afterDue.pendingTimers} still pending` : `0 after ${fmtMs(batch2.clean.timersMs)}`} (${batch2.atAbort.pendingTimers} were waiting at the abort; ${batch2.afterAbort.pendingTimers} left ${ABORT_SETTLE_MS} ms after)`,
      pass: batch2.clean.timersMs !== undefined,
    });
    const open = (batch2.afterDue.tcp.ESTABLISHED ?? 0) + (batch2.afterDue.tcp.CLOSE_WAIT ?? 0);
    checks.push({
      name: 'sockets left after all clients aborted',
      target: `0, within ${CLEAN_WITHIN_MS / 1000} s`,
      measured: `${batch2.clean.connectionsMs === undefined ? `${batch2.afterDue.stats.connections} server connections left` : `0 server connections after ${fmtMs(batch2.clean.connectionsMs)}`}; later ${open} ESTABLISHED/CLOSE_WAIT on the port, socket fds ${batch2.afterDue.socketFds} vs ${held.idle.socketFds} idle`,
      pass: batch2.clean.connectionsMs !== undefined && open === 0 && batch2.afterDue.socketFds <= held.idle.socketFds,
    });
    report.checks.push(...checks);
  } catch (error) {
    report.status = 'failed';
    report.reason = (error as Error).message.split('\n').slice(0, 3).join(' ');
  }
  report.wallSeconds = (performance.now() - started) / 1000;
  return report;
}

/** The held-connection client, in its own process on the load core. */
function startHeldClient(env: BenchEnv): Promise<StartedProcess<true>> {
  return startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', join(env.root, 'bench/clients/held-client.ts')],
    cwd: env.root,
    cpu: env.loadCpu,
    tasksetPath: env.machine.taskset,
    openFiles: OPEN_FILES,
    ipc: true,
    ready: (line) => (line.includes('"event":"ready"') ? true : undefined),
  });
}

interface BareBatch {
  heldCount: number;
  rssPerHeld: number;
  heapPerHeld: number;
  results: ClientResults;
  firstByte: number[];
  p99FirstByte: number;
}

/**
 * A reference that holds requests as pixmock does (bench/servers/bare-servers.ts: a timer per
 * request, cleared when the client leaves) and answers a JSON body of `answerBytes` (an aibabe
 * envelope around filler) when its timer fires. The body file is written on the first call.
 */
async function startBareHolder(env: BenchEnv, kind: 'http' | 'express', bodyFile: string, answerBytes?: number): Promise<StartedProcess<ServerReady>> {
  if (answerBytes !== undefined) {
    const envelope = (filler: string) => JSON.stringify({ code: 10200, success: true, message: 'OK', data: { base64Image: `${PNG_DATA_URL_PREFIX}${filler}` } });
    await writeFile(bodyFile, envelope('A'.repeat(Math.max(0, answerBytes - envelope('').length - 200))));
  }
  return startBare(env, kind, bodyFile, { holdMs: HOLD_WALL_MS, openFiles: OPEN_FILES });
}

/**
 * One batch on a reference server: the session's signed requests (addressed to the reference) from
 * the session's client. Held is read when the server has every connection (or the first is nearly
 * due), without forcing a GC, as for pixmock; RSS and heap after a forced GC, idle and held.
 */
async function bareBatch(env: BenchEnv, server: StartedProcess<ServerReady>, session: Session, tag: string): Promise<BareBatch> {
  type Memory = { rss: number; heapUsed: number; connections: number };
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = await server.request<Memory>({ type: 'gc' });
  const started = performance.now();
  const opened = session.client.request<Opened>({ type: 'open', port: server.ready.port, count: HELD, perSecond: OPEN_PER_SECOND, maxConnecting: MAX_CONNECTING, request: session.rawRequest(server.ready.port), tag });
  for (;;) {
    const { connections } = await server.request<Memory>({ type: 'stats' });
    if (connections >= HELD || performance.now() - started > HOLD_WALL_MS - MARGIN_BEFORE_DUE_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const held = await server.request<Memory>({ type: 'gc' });
  await opened;
  const results = await session.client.request<ClientResults>({ type: 'results', timeoutMs: HOLD_WALL_MS + 120_000 });
  const firstByte = results.firstByteMs.map((ms) => ms - HOLD_WALL_MS);
  const heldCount = Math.max(1, held.connections);
  env.log(`bench 3 ${tag}: reference held ${held.connections}; RSS ${formatBytes(idle.rss)} → ${formatBytes(held.rss)}; p99 lateness first byte ${round(percentile(firstByte, 99))} ms`);
  return {
    heldCount: held.connections,
    rssPerHeld: (held.rss - idle.rss) / heldCount,
    heapPerHeld: (held.heapUsed - idle.heapUsed) / heldCount,
    results,
    firstByte,
    p99FirstByte: percentile(firstByte, 99),
  };
}

async function withSession<T>(env: BenchEnv, mocksDir: string, body: (session: Session) => Promise<T>): Promise<T> {
  let server: StartedProcess<ServerReady> | undefined;
  let client: StartedProcess<unknown> | undefined;
  try {
    server = await startPixmock(env, { upstream: 'aibabe', latency: 'realistic', timeScale: TIME_SCALE, journalEntries: HELD + 100, mocksDir }, { openFiles: OPEN_FILES });
    client = await startHeldClient(env);
    const { url, port } = server.ready;
    if (!isAibabeDemo(server.ready.demo)) throw new Error('aibabe demo credentials missing from the ready line');
    const demo: AibabeDemo = server.ready.demo;
    const conversation = await postAibabe<{ success: boolean; data: { conversationId: string } }>(url, demo, '/v1/chat/conversation', { agentId: demo.agentId }, { Prefer: 'latency=0' });
    if (!conversation.body.success) throw new Error(`createConversation failed: ${JSON.stringify(conversation.body).slice(0, 300)}`);
    const chatBody = { agentId: demo.agentId, conversationId: conversation.body.data.conversationId, text: 'a lighthouse on a cliff at dusk, oil painting', language: 'en' };
    const warm = await postAibabe<{ success: boolean }>(url, demo, '/v1/chat/image', chatBody, { Prefer: 'latency=0' });
    if (!warm.body.success) throw new Error(`warm-up chatImage failed: ${JSON.stringify(warm.body).slice(0, 300)}`);
    const theServer = server;
    const session: Session = {
      server,
      client,
      url,
      port,
      rawRequest(to = port) {
        const headers = { ...signAibabe(demo, '/v1/chat/image', chatBody), 'X-Request-ID': '{{id}}', Prefer: `latency=${HOLD_SIM_MS}` };
        const text = JSON.stringify(chatBody);
        const lines = ['POST /v1/chat/image HTTP/1.1', `Host: 127.0.0.1:${to}`, 'Connection: close', `Content-Length: ${Buffer.byteLength(text)}`];
        for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
        return `${lines.join('\r\n')}\r\n\r\n${text}`;
      },
      async view() {
        const health = await getJson<{ clock: { pendingTimers: number } }>(`${url}/__pixmock/health`);
        return {
          stats: await theServer.request<PixmockServerStats>({ type: 'stats' }),
          pendingTimers: health.clock.pendingTimers,
          socketFds: await countSocketFds(theServer.pid),
          tcp: await tcpStatesOnPort(port),
        };
      },
    };
    return await body(session);
  } finally {
    await client?.stop();
    await server?.stop();
  }
}

/** Opens a batch and resolves when all are held or the first is nearly due; `opened` settles later. */
async function holdBatch(session: Session, tag: string): Promise<{ opened: Promise<Opened>; heldAt: number }> {
  const batchStarted = performance.now();
  const opened = session.client.request<Opened>({ type: 'open', port: session.port, count: HELD, perSecond: OPEN_PER_SECOND, maxConnecting: MAX_CONNECTING, request: session.rawRequest(), tag });
  const deadline = batchStarted + HOLD_WALL_MS - MARGIN_BEFORE_DUE_MS;
  for (;;) {
    const health = await getJson<{ clock: { pendingTimers: number } }>(`${session.url}/__pixmock/health`);
    if (health.clock.pendingTimers >= HELD || performance.now() >= deadline) return { opened, heldAt: performance.now() - batchStarted };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function heldBatch(env: BenchEnv, session: Session, tag: string) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idleGc = await session.server.request<PixmockServerStats>({ type: 'gc' });
  const idle = await session.view();
  const { opened, heldAt } = await holdBatch(session, tag);
  const rssNoGc = await readRssBytes(session.server.pid);
  const heldGc = await session.server.request<PixmockServerStats>({ type: 'gc' });
  const held = await session.view();
  const heldCount = held.pendingTimers;
  env.log(`bench 3 ${tag}: ${heldCount} held after ${round(heldAt, 0)} ms; RSS ${formatBytes(idleGc.rss)} → ${formatBytes(heldGc.rss)}`);
  const openedResult = await opened;
  const results = await session.client.request<ClientResults>({ type: 'results', timeoutMs: HOLD_WALL_MS + 120_000, marker: '"success":true' });
  const journal = await getJson<{ requests: Array<{ durationMs: number; headers: Record<string, string> }> }>(`${session.url}/__pixmock/requests?operationId=chatImage&limit=${HELD + 10}`);
  // A fresh journal for the next batch: 10,000 retained entries would only grow the heap the next one is measured on.
  await getJson(`${session.url}/__pixmock/requests`, 'DELETE');
  const serverLateness = journal.requests.filter((entry) => entry.headers['x-request-id']?.startsWith(tag)).map((entry) => entry.durationMs - HOLD_WALL_MS);
  const after = await session.view();
  const firstByte = results.firstByteMs.map((ms) => ms - HOLD_WALL_MS);
  const end = results.endMs.map((ms) => ms - HOLD_WALL_MS);
  env.log(`bench 3 ${tag}: p99 lateness first byte ${round(percentile(firstByte, 99))} ms`);
  return {
    idle,
    idleGc,
    held,
    heldGc,
    heldAt,
    heldCount,
    rssNoGc,
    rssPerHeld: (heldGc.rss - idleGc.rss) / Math.max(1, heldCount),
    heapPerHeld: (heldGc.heapUsed - idleGc.heapUsed) / Math.max(1, heldCount),
    opened: openedResult,
    results,
    succeeded: results.withMarker ?? 0,
    p99FirstByte: percentile(firstByte, 99),
    firstByte,
    end,
    serverLateness,
    after,
  };
}

function p99List(p99s: number[]): string {
  return `${p99s.map((ms) => round(ms)).join(', ')} ms (${round(median(p99s))})`;
}

function latencyTriple(values: number[]): string {
  return `${round(percentile(values, 50))} / ${round(percentile(values, 99))} / ${round(percentile(values, 100))} ms`;
}

function heldRows(batch: Awaited<ReturnType<typeof heldBatch>>): Array<[string, string]> {
  return [
    ['requests written / ramp', `${batch.opened.opened} in ${round(batch.opened.rampMs, 0)} ms (${batch.opened.failedEarly} failed to connect)`],
    ['held at once (pending timers) / when read', `${batch.heldCount} at ${round(batch.heldAt, 0)} ms (connections ${batch.held.stats.connections})`],
    ['RSS idle → held (after GC)', `${formatBytes(batch.idleGc.rss)} → ${formatBytes(batch.heldGc.rss)} (held, no GC: ${formatBytes(batch.rssNoGc)})`],
    ['heap used idle → held (after GC)', `${formatBytes(batch.idleGc.heapUsed)} → ${formatBytes(batch.heldGc.heapUsed)}`],
    ['RSS / heap per held request', `${formatBytes(batch.rssPerHeld)} / ${formatBytes(batch.heapPerHeld)}`],
    ['HTTP statuses / "success":true', `${JSON.stringify(batch.results.statuses)} / ${batch.succeeded}`],
    ['client errors', JSON.stringify(batch.results.errors)],
    ['lateness, first byte p50 / p99 / max', latencyTriple(batch.firstByte)],
    ['lateness, end of response p50 / p99 / max', latencyTriple(batch.end)],
    ['server journal durationMs − hold p50 / p99 / max', `${latencyTriple(batch.serverLateness)} (${batch.serverLateness.length} entries)`],
    ['bytes received', formatBytes(batch.results.bytes)],
    ['after all answered: timers / connections / socket fds', `${batch.after.pendingTimers} / ${batch.after.stats.connections} / ${batch.after.socketFds} (idle ${batch.idle.pendingTimers} / ${batch.idle.stats.connections} / ${batch.idle.socketFds})`],
  ];
}

async function abortedBatch(env: BenchEnv, session: Session, tag: string) {
  const { opened, heldAt } = await holdBatch(session, tag);
  const atAbort = await session.view();
  const { destroyed } = await session.client.request<{ destroyed: number }>({ type: 'abort' });
  env.log(`bench 3 ${tag}: aborted ${destroyed} after ${round(heldAt, 0)} ms (${atAbort.pendingTimers} timers)`);
  // How long until the server has let go of everything (timers, connections): polled from the abort on.
  const abortedAt = performance.now();
  let clean: { timersMs?: number; connectionsMs?: number } = {};
  for (;;) {
    const view = await session.view();
    const elapsed = performance.now() - abortedAt;
    if (clean.timersMs === undefined && view.pendingTimers === 0) clean = { ...clean, timersMs: elapsed };
    if (clean.connectionsMs === undefined && view.stats.connections === 0) clean = { ...clean, connectionsMs: elapsed };
    if ((clean.timersMs !== undefined && clean.connectionsMs !== undefined) || elapsed > CLEAN_WITHIN_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, abortedAt + ABORT_SETTLE_MS - performance.now())));
  const afterAbort = await session.view();
  const openedResult = await opened;
  await session.client.request<ClientResults>({ type: 'results', timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, HOLD_WALL_MS - heldAt - ABORT_SETTLE_MS + 500)));
  const endGc = await session.server.request<PixmockServerStats>({ type: 'gc' });
  const afterDue = await session.view();
  const journal = await getJson<{ requests: Array<{ status?: number; headers: Record<string, string> }> }>(`${session.url}/__pixmock/requests?operationId=chatImage&limit=${HELD + 10}`);
  await getJson(`${session.url}/__pixmock/requests`, 'DELETE');
  const entries = journal.requests.filter((entry) => entry.headers['x-request-id']?.startsWith(tag));
  return { opened: openedResult, atAbort, destroyed, afterAbort, clean, afterDue, endGc, journalEntries: entries.length, answered: entries.filter((entry) => entry.status !== undefined).length };
}

function fmtMs(ms: number | undefined): string {
  return ms === undefined ? `not within ${CLEAN_WITHIN_MS} ms` : `${round(ms, 0)} ms`;
}
