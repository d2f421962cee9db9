import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sim/clock.js';
import { createRandom } from '../../sim/random.js';
import { createSimulation } from '../../sim/simulation.js';
import { openEventStream } from './event-stream.js';

const PING_MS = 10_000;

/** A reply stream whose client reads nothing until told: backed up from its first write, like node's. */
function stalledStream() {
  const controller = new AbortController();
  const stream = {
    written: [] as string[],
    backedUp: false,
    closed: false,
    signal: controller.signal,
    write(chunk: string) {
      stream.written.push(chunk);
      stream.backedUp = true;
    },
    drain() {
      stream.backedUp = false;
    },
  };
  return stream;
}

describe('openEventStream', () => {
  it('sends no pings while the client has not read what was already written, and resumes once it drains', async () => {
    const clock = createManualClock({ startMs: 0 });
    const sim = createSimulation({ clock, random: createRandom(1), timeScale: 1, profileName: 'realistic', profile: { factor: 1 }, latency: {} });
    const stream = stalledStream();
    const events = openEventStream(stream, sim, { pingIntervalMs: PING_MS, initialPing: false });
    events.send({ event: 'workflow_started' });
    for (let ping = 0; ping < 100; ping++) await clock.advance(PING_MS);
    expect(stream.written).toEqual(['data: {"event":"workflow_started"}\n\n']);
    stream.drain();
    await clock.advance(PING_MS);
    expect(stream.written).toHaveLength(2);
    expect(stream.written[1]).toBe('event: ping\n\n');
    events.end();
  });
});
