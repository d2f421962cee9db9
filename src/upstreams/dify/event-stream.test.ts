import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sim/clock.js';
import { createRandom } from '../../sim/random.js';
import { createSimulation } from '../../sim/simulation.js';
import { openEventStream } from './event-stream.js';

const PING_MS = 10_000;

/** A response whose client reads nothing until told: write() reports backpressure, like node's. */
function stalledResponse() {
  const res = Object.assign(new EventEmitter(), {
    req: { socket: new EventEmitter() },
    written: [] as string[],
    writableNeedDrain: false,
    writableEnded: false,
    writableFinished: false,
    destroyed: false,
    writeHead: () => res,
    flushHeaders: () => undefined,
    write(chunk: string) {
      res.written.push(chunk);
      res.writableNeedDrain = true;
      return false;
    },
    end: () => undefined,
    drain() {
      res.writableNeedDrain = false;
      res.emit('drain');
    },
  });
  return res;
}

describe('openEventStream', () => {
  it('sends no pings while the client has not read what was already written, and resumes once it drains', async () => {
    const clock = createManualClock({ startMs: 0 });
    const sim = createSimulation({ clock, random: createRandom(1), timeScale: 1, profileName: 'realistic', profile: { factor: 1 }, latency: {} });
    const res = stalledResponse();
    const stream = openEventStream(res as unknown as Response, sim, { contentType: 'text/event-stream', pingIntervalMs: PING_MS, initialPing: false });
    stream.send({ event: 'workflow_started' });
    for (let ping = 0; ping < 100; ping++) await clock.advance(PING_MS);
    expect(res.written).toEqual(['data: {"event":"workflow_started"}\n\n']);
    res.drain();
    await clock.advance(PING_MS);
    expect(res.written).toHaveLength(2);
    expect(res.written[1]).toBe('event: ping\n\n');
    stream.end();
  });
});
