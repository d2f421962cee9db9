/**
 * The simulated clock. Every wait, TTL and timestamp in pixmock reads this, never `Date.now()`
 * or the global timers, so tests drive time with a manual clock and a running server can be
 * moved forward through the admin API (`POST /__pixmock/clock`).
 *
 * @example
 * const clock = createManualClock({ startMs: Date.UTC(2026, 0, 1) });
 * const done = sleep(clock, 90_000);
 * await clock.advance(90_000); // fires the timer; `done` resolves
 */
import { TimerQueue, type ScheduledTimer } from './timer-queue.js';

export type TimerHandle = ScheduledTimer;

/** Node keeps a timeout of at most 2^31−1 ms; a longer one fires after 1 ms instead. */
const MAX_NODE_TIMEOUT_MS = 2 ** 31 - 1;
/** The last instant a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

export interface Clock {
  readonly kind: 'system' | 'manual';
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` after `delayMs` of clock time; throws a RangeError for a delay that is not a number. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** Timers scheduled and neither fired nor cleared. */
  pendingTimers(): number;
  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order. Rejects with a
   * RangeError when `ms` is negative, not finite, or would move the clock past the last date.
   */
  advance(ms: number): Promise<void>;
  /** Clears every pending timer (used on shutdown). */
  dispose(): void;
}

export interface ManualClockOptions {
  startMs?: number;
}

const DEFAULT_MANUAL_START_MS = Date.UTC(2026, 0, 1);

export function createManualClock({ startMs = DEFAULT_MANUAL_START_MS }: ManualClockOptions = {}): Clock {
  const timers = new TimerQueue();
  let current = startMs;
  return {
    kind: 'manual',
    now: () => current,
    setTimer: (callback, delayMs) => timers.add(dueTime(current, delayMs), callback),
    clearTimer: (handle) => timers.cancel(handle),
    pendingTimers: () => timers.size,
    async advance(ms) {
      const target = current + checkAdvance(current, ms);
      let timer = timers.takeDue(target);
      while (timer) {
        current = Math.max(current, timer.dueAt);
        timer.callback();
        // Let the promise chains woken by this timer schedule their next timers before we go on.
        await flushMicrotasks();
        timer = timers.takeDue(target);
      }
      current = target;
    },
    dispose: () => timers.clear(),
  };
}

/**
 * Wall time plus an offset that `advance` grows. One real `setTimeout` is armed for the earliest
 * timer, however many requests are waiting.
 */
export function createSystemClock(): Clock {
  const timers = new TimerQueue();
  let offset = 0;
  let armed: { handle: ReturnType<typeof setTimeout>; dueAt: number } | undefined;
  const now = () => Date.now() + offset;

  const fireDue = () => {
    armed = undefined;
    let timer = timers.takeDue(now());
    while (timer) {
      timer.callback();
      timer = timers.takeDue(now());
    }
    arm();
  };
  const arm = () => {
    const next = timers.peek();
    if (!next) {
      if (armed) clearTimeout(armed.handle);
      armed = undefined;
      return;
    }
    if (armed && armed.dueAt <= next.dueAt) return;
    if (armed) clearTimeout(armed.handle);
    // A timer further away than node can wait is reached in steps: fireDue finds nothing due and re-arms.
    const handle = setTimeout(fireDue, Math.min(MAX_NODE_TIMEOUT_MS, Math.max(0, next.dueAt - now())));
    // In a page (the MSW bundle) a timer is a number and holds nothing open.
    if (typeof handle === 'object') handle.unref();
    armed = { handle, dueAt: next.dueAt };
  };

  return {
    kind: 'system',
    now,
    setTimer(callback, delayMs) {
      const timer = timers.add(dueTime(now(), delayMs), callback);
      arm();
      return timer;
    },
    clearTimer(handle) {
      timers.cancel(handle);
      if (timers.size === 0) arm();
    },
    pendingTimers: () => timers.size,
    async advance(ms) {
      offset += checkAdvance(now(), ms);
      if (armed) clearTimeout(armed.handle);
      fireDue();
      await flushMicrotasks();
    },
    dispose() {
      timers.clear();
      arm();
    },
  };
}

/** Resolves after `ms` of clock time; rejects with the signal's reason when aborted first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimer(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function dueTime(now: number, delayMs: number): number {
  if (Number.isNaN(delayMs)) throw new RangeError('Failed to set a timer: its delay is not a number.');
  return now + Math.max(0, delayMs);
}

/** The clock milliseconds `advance(ms)` may move from `now`; a RangeError for a negative, infinite or too large step. */
export function checkAdvance(now: number, ms: number): number {
  if (!(Number.isFinite(ms) && ms >= 0 && now + ms <= MAX_DATE_MS)) {
    throw new RangeError(`Failed to advance the clock by ${ms} ms: give a finite number ≥ 0 that keeps the clock before ${new Date(MAX_DATE_MS).toISOString()}.`);
  }
  return ms;
}

function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
