/**
 * One upstream's view of simulated time: the shared clock, its own seeded random stream, its
 * latency model and the time scale. Durations are simulated milliseconds everywhere; only
 * `wait` turns them into clock time, dividing by `timeScale`.
 */
import { sleep, type Clock } from './clock.js';
import { createLatencyModel, type LatencyDistribution, type LatencyModel, type LatencyProfile } from './latency.js';
import type { Random } from './random.js';

export interface SimulationOptions {
  clock: Clock;
  random: Random;
  /** The stream ids are drawn from; defaults to a fork of `random`. */
  ids?: Random;
  timeScale: number;
  profileName: string;
  profile: LatencyProfile;
  latency: Record<string, LatencyDistribution>;
}

export interface Simulation {
  readonly clock: Clock;
  /** Latencies, images and other simulated data: the same for the same seed. */
  readonly random: Random;
  /** Ids (tasks, runs, files, conversations…), kept apart so they can differ between processes. */
  readonly ids: Random;
  readonly timeScale: number;
  readonly profileName: string;
  /** The latency profile (its factor scales every sampled duration). */
  readonly profile: LatencyProfile;
  readonly latency: LatencyModel;
  /** Clock milliseconds that `simulatedMs` take at this time scale. */
  toClockMs(simulatedMs: number): number;
  /**
   * Waits `simulatedMs` of simulated time; rejects with the signal's reason when aborted. A wait of
   * 0 (the `instant` profile, `Prefer: latency=0`) settles at once, without a clock timer.
   */
  wait(simulatedMs: number, signal?: AbortSignal): Promise<void>;
}

export function createSimulation(options: SimulationOptions): Simulation {
  const { clock, random, timeScale } = options;
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be a positive number, got ${timeScale}.`);
  const toClockMs = (simulatedMs: number) => simulatedMs / timeScale;
  return {
    clock,
    random,
    ids: options.ids ?? random.fork('ids'),
    timeScale,
    profileName: options.profileName,
    profile: options.profile,
    latency: createLatencyModel({ operations: options.latency, profile: options.profile, random: random.fork('latency') }),
    toClockMs,
    wait(simulatedMs, signal) {
      if (simulatedMs > 0) return sleep(clock, toClockMs(simulatedMs), signal);
      return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    },
  };
}
