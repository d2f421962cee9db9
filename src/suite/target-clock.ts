/**
 * The target's clock as the suite knows it: the suite machine's, plus what a pixmock target's
 * clock was moved by (by this suite or before it). Targets may share one clock (`pixmock serve`),
 * so a move by any runner is counted in `clockState` and the others read the clock again.
 */
import { advanceClock, clockOffsetOf, readHealth } from './pixmock-admin.js';
import type { Transport } from './types.js';

export interface TargetClockOptions {
  transport: Transport;
  /** `GET /__pixmock/health` when the target is a pixmock; undefined for a real upstream. */
  health: Record<string, unknown> | undefined;
  timeScale: number;
  /** Bumped whenever the suite moves any target's clock. */
  clockState: { generation: number };
}

export interface TargetClock {
  /** Epoch milliseconds on the target's clock. */
  now(): number;
  /** Reads the clock again when another runner moved one since this one last did. */
  sync(): Promise<void>;
  /** Moves a pixmock target's clock by `clockMs` of target time; false when it cannot be moved. */
  advance(clockMs: number): Promise<boolean>;
}

export function createTargetClock({ transport, health, timeScale, clockState }: TargetClockOptions): TargetClock {
  const pixmock = health !== undefined;
  let offsetMs = clockOffsetOf(health);
  let generation = clockState.generation;

  return {
    now: () => Date.now() + offsetMs,
    async sync() {
      if (!pixmock || generation === clockState.generation) return;
      offsetMs = clockOffsetOf(await readHealth(transport));
      generation = clockState.generation;
    },
    async advance(clockMs) {
      if (!pixmock) return false;
      const now = await advanceClock(transport, Math.ceil(clockMs * timeScale));
      if (now === undefined) return false;
      offsetMs = now - Date.now();
      clockState.generation += 1;
      generation = clockState.generation;
      return true;
    },
  };
}
