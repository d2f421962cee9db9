import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('counts a timer cleared after it fired as gone once, never below zero', async () => {
    const clock = createManualClock();
    const handle = clock.setTimer(() => {}, 10);
    await clock.advance(10);
    clock.clearTimer(handle);
    clock.clearTimer(handle);
    expect(clock.pendingTimers()).toBe(0);
    clock.setTimer(() => {}, 10);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('refuses to move time by a negative, infinite or date-breaking amount', async () => {
    const clock = createManualClock();
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e300]) await expect(clock.advance(ms)).rejects.toThrow(RangeError);
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('keeps counting correctly after thousands of cancellations', () => {
    const clock = createManualClock();
    const handles = Array.from({ length: 5_000 }, (_, i) => clock.setTimer(() => {}, i));
    handles.slice(0, 4_000).forEach((h) => clock.clearTimer(h));
    expect(clock.pendingTimers()).toBe(1_000);
  });
});

describe('system clock', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never asks node for a timeout longer than it can keep, however far away the timer is', () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout);
    const clock = createSystemClock();
    clock.setTimer(() => {}, 2 ** 40);
    clock.dispose();
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(delays[0]).toBeGreaterThan(2 ** 30);
  });

  it('counts a timer cleared after it fired as gone once', async () => {
    const clock = createSystemClock();
    const handle = clock.setTimer(() => {}, 1);
    await clock.advance(1);
    clock.clearTimer(handle);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refuses to move time by an amount that leaves the range of dates', async () => {
    const clock = createSystemClock();
    await expect(clock.advance(1e300)).rejects.toThrow(RangeError);
    expect(Number.isFinite(new Date(clock.now()).getTime())).toBe(true);
  });

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
