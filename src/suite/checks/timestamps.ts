import { CheckFailure, throwIfAny } from '../check-failure.js';
import { valuesAt } from '../pointer-values.js';
import type { TimestampRule } from '../promises.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** Unix seconds between 2001 and 2286: ten digits. Milliseconds have thirteen. */
const MIN_SECONDS = 1e9;
const MAX_SECONDS = 1e10;
/** How far a timestamp may be from the target's clock. */
const SKEW_SECONDS = 24 * 60 * 60;
/** Whole-second timestamps hide up to a second on each side of a duration. */
const ROUNDING_SECONDS = 1;
/** Float noise allowed around a measured elapsed time, in seconds. */
const ELAPSED_SLACK_SECONDS = 0.5;

/**
 * Timestamps are in the unit the docs use and tell a consistent story: chatfire `created_at` and
 * `expires_at` and Dify `created_at`/`finished_at` are Unix seconds near the target's clock, an
 * image expires after its task was created, a run finishes no earlier than it started, and
 * `elapsed_time` matches `finished_at − created_at` on the target's time scale.
 */
export function timestamps({ exchange, response, promises, operation, target, now }: CheckInput): CheckOutcome {
  const rule = promises.timestamps[operation.upstream]?.[operation.operationId];
  if (!rule || response.status >= 300) return NOT_APPLICABLE;
  const subjects: { prefix: string; body: unknown }[] = [];
  if (response.json !== undefined) subjects.push({ prefix: '', body: response.json });
  if (rule.events) exchange.notes.sse?.events.forEach((event, i) => subjects.push({ prefix: `event[${i}]`, body: event.data }));
  if (subjects.length === 0) return NOT_APPLICABLE;
  throwIfAny(subjects.flatMap(({ prefix, body }) => judge(rule, body, now, target.timeScale).map((failure) => new CheckFailure({
    check: 'timestamps', pointer: `${prefix}${failure.pointer}`, received: failure.received, documented: `${failure.documented} (${rule.source})`,
  }))));
}

interface Problem {
  pointer: string;
  received: unknown;
  documented: string;
}

function judge(rule: TimestampRule, body: unknown, now: number, timeScale: number): Problem[] {
  const problems: Problem[] = [];
  const nowSeconds = Math.floor(now / 1000);
  for (const pattern of rule.seconds ?? []) {
    for (const { pointer, value } of valuesAt(body, pattern)) {
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || value < MIN_SECONDS || value >= MAX_SECONDS) {
        problems.push({ pointer, received: typeof value === 'number' && value >= MAX_SECONDS * 100 ? `${value} (milliseconds?)` : value, documented: 'Unix time in seconds (ten digits)' });
      } else if (Math.abs(value - nowSeconds) > SKEW_SECONDS) {
        problems.push({ pointer, received: value, documented: `Unix seconds within a day of the target's clock (${nowSeconds})` });
      }
    }
  }
  const compare = (pairs: [string, string][] | undefined, strict: boolean) => {
    for (const [laterPattern, earlierPointer] of pairs ?? []) {
      const earlier = valuesAt(body, earlierPointer)[0]?.value;
      if (typeof earlier !== 'number') continue;
      for (const { pointer, value } of valuesAt(body, laterPattern)) {
        if (typeof value !== 'number') continue;
        if (strict ? value <= earlier : value < earlier) {
          problems.push({ pointer, received: value, documented: `${strict ? 'after' : 'not before'} ${earlierPointer} (${earlier})` });
        }
      }
    }
  };
  compare(rule.after, true);
  compare(rule.notBefore, false);
  if (rule.elapsed) {
    const [elapsed, from, to] = [rule.elapsed.pointer, rule.elapsed.from, rule.elapsed.to].map((pointer) => valuesAt(body, pointer)[0]?.value);
    if (typeof elapsed === 'number' && typeof from === 'number' && typeof to === 'number') {
      const span = to - from;
      const low = Math.max(0, (span - ROUNDING_SECONDS) * timeScale - ELAPSED_SLACK_SECONDS);
      const high = (span + ROUNDING_SECONDS) * timeScale + ELAPSED_SLACK_SECONDS;
      if (elapsed < low || elapsed > high) {
        const scale = timeScale === 1 ? '' : ` × time scale ${timeScale}`;
        problems.push({ pointer: rule.elapsed.pointer, received: elapsed, documented: `seconds between ${rule.elapsed.from} and ${rule.elapsed.to}: ${span} s${scale}, give or take a second of rounding (${low.toFixed(1)}–${high.toFixed(1)})` });
      }
    }
  }
  return problems;
}
