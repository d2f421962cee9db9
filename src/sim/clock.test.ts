import { describe, expect, it } from 'vitest';
import { createManualClock, createSystemClock, sleep } from './clock.js';

describe('manual clock', () => {
  it('fires timers in due order when advanced', async () => {
    const clock = createManualClock({ startMs: 1_000 });
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b'), 200);
    clock.setTimer(() => fired.push('a'), 100);
    clock.setTimer(() => fired.push('c'), 300);
    await clock.advance(250);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(1_250);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('sees the time of the timer while it fires', async () => {
    const clock = createManualClock({ startMs: 0 });
    let seen = -1;
    clock.setTimer(() => (seen = clock.now()), 40);
    await clock.advance(100);
    expect(seen).toBe(40);
  });

  it('runs timers scheduled by a woken promise chain within the same advance', async () => {
    const clock = createManualClock({ startMs: 0 });
    const chain = (async () => {
      await sleep(clock, 30);
      await sleep(clock, 30);
      return clock.now();
    })();
    await clock.advance(60);
    await expect(chain).resolves.toBe(60);
  });

  it('cancels a sleep when its signal aborts and leaves no timer behind', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const waiting = sleep(clock, 90_000, controller.signal);
    expect(clock.pendingTimers()).toBe(1);
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps counting correctly after thousands of cancellations', () => {
    const clock = createManualClock();
    const handles = Array.from({ length: 5_000 }, (_, i) => clock.setTimer(() => {}, i));
    handles.slice(0, 4_000).forEach((h) => clock.clearTimer(h));
    expect(clock.pendingTimers()).toBe(1_000);
  });
});

describe('system clock', () => {
  it('fires a real timer and can be advanced past pending ones', async () => {
    const clock = createSystemClock();
    const start = clock.now();
    await sleep(clock, 5);
    expect(clock.now() - start).toBeGreaterThanOrEqual(4);
    let fired = false;
    clock.setTimer(() => (fired = true), 60_000);
    await clock.advance(60_000);
    expect(fired).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });
});
