/**
 * Benchmark child: a lightweight HTTP/1.1 client for the held-connection benchmark, one raw TCP
 * socket per request (`Connection: close`), driven over IPC so it runs on its own core:
 *   {type:"open", port, count, perSecond, maxConnecting, request, tag} → opens `count` sockets at
 *       up to `perSecond`, at most `maxConnecting` handshakes at once,
 *       writing `request` with "{{id}}" replaced by a unique id; replies once every request is written
 *   {type:"results", timeoutMs, marker?} → waits until every socket has closed; replies with
 *       per-request send → first-byte and send → end times, statuses, errors, and how many
 *       responses carry `marker` in their first KiB
 *   {type:"abort"} → stops opening more and destroys every socket still open; replies with how many
 */
import { connect, type Socket } from 'node:net';

interface Exchange {
  socket: Socket;
  sentAt: number;
  firstByteAt?: number;
  endAt?: number;
  status?: number;
  bytes: number;
  /** The first bytes of the response (status line, headers, start of the body). */
  head: string;
  error?: string;
  closed: boolean;
}

interface OpenMessage {
  id: number;
  type: 'open';
  port: number;
  count: number;
  perSecond: number;
  /** Most sockets still connecting at once. */
  maxConnecting: number;
  request: string;
  tag: string;
}

const HEAD_BYTES = 1024;

let exchanges: Exchange[] = [];
let stopRamp = false;
let closedWaiters: Array<() => void> = [];

function onClosed(): void {
  if (exchanges.every((exchange) => exchange.closed)) {
    const waiters = closedWaiters;
    closedWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function openOne(port: number, text: string): Exchange {
  const socket = connect({ host: '127.0.0.1', port });
  const exchange: Exchange = { socket, sentAt: performance.now(), bytes: 0, head: '', closed: false };
  socket.setNoDelay(true);
  socket.on('connect', () => {
    exchange.sentAt = performance.now();
    socket.write(text);
  });
  socket.on('data', (chunk: Buffer) => {
    if (exchange.firstByteAt === undefined) {
      exchange.firstByteAt = performance.now();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(chunk.subarray(0, 16).toString('latin1'));
      exchange.status = match ? Number(match[1]) : 0;
    }
    if (exchange.head.length < HEAD_BYTES) exchange.head += chunk.subarray(0, HEAD_BYTES - exchange.head.length).toString('latin1');
    exchange.bytes += chunk.length;
  });
  socket.on('end', () => {
    exchange.endAt = performance.now();
  });
  socket.on('error', (error) => {
    exchange.error = (error as NodeJS.ErrnoException).code ?? error.message;
  });
  socket.on('close', () => {
    exchange.closed = true;
    onClosed();
  });
  return exchange;
}

async function open(message: OpenMessage): Promise<Record<string, unknown>> {
  exchanges = [];
  stopRamp = false;
  const started = performance.now();
  const tick = 10;
  const perTick = Math.max(1, Math.round((message.perSecond * tick) / 1000));
  let next = 0;
  while (next < message.count && !stopRamp) {
    // Never more than maxConnecting handshakes in flight: a burst beyond the listen backlog makes
    // the kernel drop SYNs, and the retransmits (1 s, 3 s, …) would be counted as server lateness.
    const connecting = exchanges.filter((exchange) => exchange.socket.connecting && !exchange.closed).length;
    const allowed = Math.min(perTick, message.maxConnecting - connecting, message.count - next);
    for (let i = 0; i < allowed; i += 1, next += 1) {
      exchanges.push(openOne(message.port, message.request.replace('{{id}}', `${message.tag}${next}`)));
    }
    await new Promise((resolve) => setTimeout(resolve, tick));
  }
  // Wait until every socket has connected and written its request (or failed).
  while (exchanges.some((exchange) => !exchange.closed && exchange.socket.connecting)) {
    await new Promise((resolve) => setTimeout(resolve, tick));
  }
  return { opened: exchanges.length, rampMs: performance.now() - started, failedEarly: exchanges.filter((exchange) => exchange.error).length };
}

async function results(timeoutMs: number, marker: string | undefined): Promise<Record<string, unknown>> {
  if (!exchanges.every((exchange) => exchange.closed)) {
    await Promise.race([
      new Promise<void>((resolve) => closedWaiters.push(resolve)),
      new Promise((resolve) => setTimeout(resolve, timeoutMs)),
    ]);
  }
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const exchange of exchanges) {
    const status = String(exchange.status ?? 'none');
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (exchange.error) errors[exchange.error] = (errors[exchange.error] ?? 0) + 1;
  }
  return {
    count: exchanges.length,
    stillOpen: exchanges.filter((exchange) => !exchange.closed).length,
    statuses,
    errors,
    firstByteMs: exchanges.filter((exchange) => exchange.firstByteAt !== undefined).map((exchange) => exchange.firstByteAt! - exchange.sentAt),
    endMs: exchanges.filter((exchange) => exchange.endAt !== undefined).map((exchange) => exchange.endAt! - exchange.sentAt),
    bytes: exchanges.reduce((sum, exchange) => sum + exchange.bytes, 0),
    /** Responses whose first KiB contains `marker` (e.g. "success":true). */
    withMarker: marker === undefined ? undefined : exchanges.filter((exchange) => exchange.head.includes(marker)).length,
  };
}

function abort(): Record<string, unknown> {
  stopRamp = true;
  let destroyed = 0;
  for (const exchange of exchanges) {
    if (exchange.closed) continue;
    exchange.socket.destroy();
    destroyed += 1;
  }
  return { destroyed };
}

process.on('message', (message: OpenMessage | { id: number; type: 'results'; timeoutMs: number; marker?: string } | { id: number; type: 'abort' }) => {
  void (async () => {
    let reply: Record<string, unknown>;
    if (message.type === 'open') reply = await open(message);
    else if (message.type === 'results') reply = await results(message.timeoutMs, message.marker);
    else reply = abort();
    process.send?.({ id: message.id, ...reply });
  })();
});
process.once('SIGTERM', () => process.exit(0));
process.stdout.write(`${JSON.stringify({ event: 'ready', url: '', port: 0 })}\n`);
