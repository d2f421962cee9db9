/**
 * Dify's server-sent events framing: each JSON event is one `data: <json>\n\n` block written
 * (and so flushed) the moment it happens, keep-alives are a bare `event: ping\n\n` every
 * `pingIntervalMs` of simulated time, skipped while the client has not read the last ones. No
 * compression, and `X-Accel-Buffering: no` so a proxy in front does not buffer either.
 *
 * @example
 * const stream = openEventStream(res, ctx.sim, { contentType, pingIntervalMs: 10_000, initialPing: false });
 * stream.send({ event: 'workflow_started', … });
 * stream.end();
 */
import type { Response } from 'express';
import { onClientGone } from '../../server/client-gone.js';
import type { Simulation } from '../../sim/simulation.js';

export interface EventStreamOptions {
  contentType: string;
  /** Simulated milliseconds between pings. */
  pingIntervalMs: number;
  initialPing: boolean;
}

export interface EventStream {
  send(event: unknown): void;
  /** Stops the pings and ends the response. */
  end(): void;
  readonly closed: boolean;
}

const PING = 'event: ping\n\n';

export function openEventStream(res: Response, sim: Simulation, { contentType, pingIntervalMs, initialPing }: EventStreamOptions): EventStream {
  const stopPings = new AbortController();
  let closed = false;
  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const write = (chunk: string) => {
    if (!closed && !res.writableEnded && !res.destroyed) res.write(chunk);
  };
  const close = () => {
    closed = true;
    stopPings.abort();
    stopListening();
  };
  const stopListening = onClientGone(res, close);
  res.once('close', close);

  // A ping only keeps a reading client's connection alive: one that has not read the last bytes
  // gets none, so a client that stops reading never makes the server buffer more.
  const ping = () => {
    if (!res.writableNeedDrain) write(PING);
  };
  if (initialPing) ping();
  void (async () => {
    while (!closed) {
      await sim.wait(pingIntervalMs, stopPings.signal);
      ping();
    }
  })().catch(() => undefined);

  return {
    send(event) {
      write(`data: ${JSON.stringify(event)}\n\n`);
    },
    end() {
      if (closed) return;
      close();
      res.end();
    },
    get closed() {
      return closed;
    },
  };
}
