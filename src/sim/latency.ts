/**
 * Per-operation latency, in simulated milliseconds, sampled from the distributions in
 * `mocks/<upstream>/latency.yaml` and scaled by the chosen profile (`realistic` ×1, `fast` ×0.01,
 * `instant` ×0). The wall-clock wait is this divided by the time scale (see `simulation.ts`).
 */
import type { Random } from './random.js';

export interface LatencyDistribution {
  minMs: number;
  maxMs: number;
  /** When given the distribution is triangular with this mode; otherwise uniform. */
  modeMs?: number;
}

export interface LatencyProfile {
  factor: number;
}

export interface LatencyModelOptions {
  operations: Record<string, LatencyDistribution>;
  profile: LatencyProfile;
  random: Random;
}

export interface LatencyModel {
  /** Simulated milliseconds this call of `operationId` takes; 0 for operations without a distribution. */
  sample(operationId: string): number;
  bounds(operationId: string): { minMs: number; maxMs: number } | undefined;
}

export function createLatencyModel({ operations, profile, random }: LatencyModelOptions): LatencyModel {
  return {
    sample(operationId) {
      const distribution = operations[operationId];
      if (!distribution || profile.factor === 0) return 0;
      return Math.round(sampleDistribution(distribution, random.float()) * profile.factor);
    },
    bounds(operationId) {
      const distribution = operations[operationId];
      if (!distribution) return undefined;
      return { minMs: distribution.minMs * profile.factor, maxMs: distribution.maxMs * profile.factor };
    },
  };
}

function sampleDistribution({ minMs, maxMs, modeMs }: LatencyDistribution, u: number): number {
  if (modeMs === undefined || maxMs === minMs) return minMs + u * (maxMs - minMs);
  // Inverse CDF of the triangular distribution.
  const split = (modeMs - minMs) / (maxMs - minMs);
  return u < split
    ? minMs + Math.sqrt(u * (maxMs - minMs) * (modeMs - minMs))
    : maxMs - Math.sqrt((1 - u) * (maxMs - minMs) * (maxMs - modeMs));
}
