import { CheckFailure } from '../check-failure.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** Wall milliseconds of overhead (scheduling, rendering, transport) not counted against the upper bound. */
const OVERHEAD_ALLOWANCE_MS = 100;

/**
 * The response came within the documented latency (fixtures/suite/latency-bounds.json), scaled
 * by the target's time scale: sooner than the documented minimum or later than the hard bound
 * fails, outside the usual range warns. Skipped with a note under the `fast`/`instant` profiles,
 * whose compressed latency proves nothing.
 */
export function latencyWithinBounds({ exchange, response, operation, target, latencyBounds }: CheckInput): CheckOutcome {
  const bound = latencyBounds[operation.upstream]?.[operation.operationId];
  if (!bound || (bound.maxMs === undefined && bound.minMs === undefined && !bound.typicalMs)) return NOT_APPLICABLE;
  if (exchange.notes.noLatency || !isSuccess(response) || response.aborted) return NOT_APPLICABLE;
  if (bound.responseMode && exchange.notes.responseMode !== bound.responseMode) return NOT_APPLICABLE;
  if (target.latencyProfile !== 'realistic') {
    return { skipped: `latency of ${operation.operationId} not checked: the target's latency profile is ${target.latencyProfile}` };
  }
  // The measured time only grows with overhead, so the floor compares it whole and the ceiling without the allowance.
  const upperMs = Math.max(0, response.elapsedMs - OVERHEAD_ALLOWANCE_MS) * target.timeScale;
  const lowerMs = response.elapsedMs * target.timeScale;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const scale = target.timeScale === 1 ? '' : ` (wall ${Math.round(response.elapsedMs)} ms × time scale ${target.timeScale})`;
  if (bound.maxMs !== undefined && upperMs > bound.maxMs) {
    throw new CheckFailure({ check: 'latency_within_bounds', pointer: 'elapsed', received: `${seconds(upperMs)}${scale}`, documented: `at most ${seconds(bound.maxMs)} (${bound.source})` });
  }
  if (bound.minMs !== undefined && lowerMs < bound.minMs) {
    throw new CheckFailure({ check: 'latency_within_bounds', pointer: 'elapsed', received: `${seconds(lowerMs)}${scale}`, documented: `at least ${seconds(bound.minMs)} (${bound.source})` });
  }
  if (bound.typicalMs && (lowerMs < bound.typicalMs[0] || upperMs > bound.typicalMs[1])) {
    throw new CheckFailure({ check: 'latency_within_bounds', severity: 'warning', pointer: 'elapsed', received: `${seconds(lowerMs)}${scale}`, documented: `usually ${seconds(bound.typicalMs[0])}–${seconds(bound.typicalMs[1])} (${bound.source})` });
  }
}
