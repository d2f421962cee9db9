import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createRandom } from './random.js';
import { createSimulation } from './simulation.js';
import { createRequestJournal } from './request-journal.js';

describe('simulation', () => {
  it('divides simulated waits by the time scale', async () => {
    const clock = createManualClock({ startMs: 0 });
    const sim = createSimulation({ clock, random: createRandom(1), timeScale: 100, profileName: 'realistic', profile: { factor: 1 }, latency: {} });
    let done = false;
    void sim.wait(60_000).then(() => (done = true));
    await clock.advance(599);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
  });

  it('settles a zero wait at once, even on a manual clock', async () => {
    const clock = createManualClock({ startMs: 0 });
    const sim = createSimulation({ clock, random: createRandom(1), timeScale: 1, profileName: 'instant', profile: { factor: 0 }, latency: {} });
    await expect(sim.wait(0)).resolves.toBeUndefined();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects a non-positive time scale', () => {
    expect(() =>
      createSimulation({ clock: createManualClock(), random: createRandom(1), timeScale: 0, profileName: 'x', profile: { factor: 1 }, latency: {} }),
    ).toThrow(/timeScale/);
  });
});

describe('request journal', () => {
  it('keeps only the newest entries and filters by operation', () => {
    const journal = createRequestJournal({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) {
      journal.record({ at: i, method: 'POST', path: `/p${i}`, query: {}, headers: {}, operationId: i % 2 ? 'odd' : 'even' });
    }
    expect(journal.size).toBe(3);
    expect(journal.list().map((e) => e.path)).toEqual(['/p7', '/p8', '/p9']);
    expect(journal.list({ operationId: 'odd' }).map((e) => e.path)).toEqual(['/p7', '/p9']);
    expect(journal.list({ limit: 1 })[0]?.sequence).toBe(10);
  });
});
