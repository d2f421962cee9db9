/**
 * Dify's server-sent events framing over a reply stream: each JSON event is one `data: <json>\n\n`
 * block written (and so flushed) the moment it happens, keep-alives are a bare `event: ping\n\n`
 * every `pingIntervalMs` of simulated time, skipped while the client has not read the last ones.
 * No compression, and `X-Accel-Buffering: no` so a proxy in front does not buffer either.
 *
 * @example
 * return eventStream(eventStreamHeaders(contentType), async (stream) => {
 *   const events = openEventStream(stream, ctx.sim, { pingIntervalMs: 10_000, initialPing: false });
 *   events.send({ event: 'workflow_started', … });
 *   events.end();
 * });
 */
import type { ReplyHeaders, ReplyStream } from '../../core/index.js';
import type { Simulation } from '../../sim/simulation.js';

export interface EventStreamOptions {
  /** Simulated milliseconds between pings. */
  pingIntervalMs: number;
  initialPing: boolean;
}

export interface EventStream {
  send(event: unknown): void;
  /** Stops the pings; the reply ends when its writer returns. */
  end(): void;
}

const PING = 'event: ping\n\n';

/** The head of Dify's event stream. */
export function eventStreamHeaders(contentType: string): ReplyHeaders {
  return {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  };
}

export function openEventStream(stream: ReplyStream, sim: Simulation, { pingIntervalMs, initialPing }: EventStreamOptions): EventStream {
  const stopPings = new AbortController();
  const end = () => stopPings.abort();
  // The client leaving ends the pings too (the stream's signal is aborted then).
  if (stream.signal.aborted) end();
  else stream.signal.addEventListener('abort', end, { once: true });

  // A ping only keeps a reading client's connection alive: one that has not read the last bytes
  // gets none, so a client that stops reading never makes the server buffer more.
  const ping = () => {
    if (!stream.backedUp) stream.write(PING);
  };
  if (initialPing) ping();
  void (async () => {
    while (!stopPings.signal.aborted && !stream.closed) {
      await sim.wait(pingIntervalMs, stopPings.signal);
      ping();
    }
  })().catch(() => undefined);

  return {
    send(event) {
      stream.write(`data: ${JSON.stringify(event)}\n\n`);
    },
    end() {
      stream.signal.removeEventListener('abort', end);
      end();
    },
  };
}
