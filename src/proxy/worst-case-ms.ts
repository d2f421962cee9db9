/**
 * The longest an upstream is documented to take for anything (fixtures/suite/latency-bounds.json:
 * an answer's hard bound, a task's completion budget, a stream's whole budget): the proxy never
 * gives up on the upstream sooner.
 */
import type { LatencyBound, LatencyBounds } from '../suite/latency-bounds.js';

export function worstCaseMs(bounds: LatencyBounds, upstream: string): number {
  const own = limitsOf(Object.values(bounds[upstream] ?? {}));
  // An upstream that documents no bound gets the longest any upstream documents.
  const limits = own.length > 0 ? own : limitsOf(Object.values(bounds).flatMap((operations) => Object.values(operations)));
  if (limits.length === 0) throw new Error('Failed to start the proxy: fixtures/suite/latency-bounds.json documents no time bound, so no timeout can be derived. Add maxMs or stream.totalMs to an operation.');
  return Math.max(...limits);
}

function limitsOf(bounds: LatencyBound[]): number[] {
  return bounds.flatMap((bound) => [bound.maxMs, bound.completion?.maxMs, bound.stream?.totalMs]).filter((ms): ms is number => ms !== undefined);
}
