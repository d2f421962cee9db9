import { CheckFailure, throwIfAny } from '../check-failure.js';
import { NOT_APPLICABLE, type CaseCheckInput, type CheckOutcome } from './check.js';

/** Order of chatfire task states; completed and failed are both final. */
const STATE_RANK = new Map([['pending', 0], ['processing', 1], ['completed', 2], ['failed', 2]]);

/**
 * A task's states only move forward (pending → processing → completed | failed) across the
 * create response and every poll; a completed task has `n` images whose `expires_at` is in the future.
 */
export function taskLifecycle({ exchanges, now }: CaseCheckInput): CheckOutcome {
  const observed = exchanges.filter((x) => x.notes.task && x.response && x.response.status === 200 && typeof (x.response.json as Record<string, unknown> | undefined)?.status === 'string');
  if (observed.length === 0) return NOT_APPLICABLE;
  const failures: CheckFailure[] = [];
  let previous: { status: string; rank: number } | undefined;
  for (const [index, exchange] of observed.entries()) {
    const body = exchange.response?.json as Record<string, unknown>;
    const status = String(body.status);
    const rank = STATE_RANK.get(status);
    const where = `${exchange.operationId} #${index}`;
    if (rank === undefined) {
      failures.push(new CheckFailure({ check: 'task_lifecycle', operationId: exchange.operationId, pointer: '/status', received: status, documented: 'pending, processing, completed or failed' }));
      continue;
    }
    if (previous && (rank < previous.rank || (previous.rank === 2 && status !== previous.status))) {
      failures.push(new CheckFailure({ check: 'task_lifecycle', operationId: exchange.operationId, pointer: '/status', received: `${previous.status} → ${status} (${where})`, documented: 'pending → processing → completed | failed, never backwards' }));
    }
    previous = { status, rank };
    if (status === 'completed') {
      const images = Array.isArray(body.images) ? body.images as Record<string, unknown>[] : [];
      const expected = exchange.notes.task?.imageCount ?? 1;
      if (images.length !== expected) {
        failures.push(new CheckFailure({ check: 'task_lifecycle', operationId: exchange.operationId, pointer: '/images', received: `${images.length} image(s)`, documented: `${expected} (the request's n)` }));
      }
      images.forEach((image, i) => {
        const at = exchange.receivedAt ?? now;
        if (typeof image.expires_at === 'number' && image.expires_at * 1000 <= at) {
          failures.push(new CheckFailure({ check: 'task_lifecycle', operationId: exchange.operationId, pointer: `/images/${i}/expires_at`, received: image.expires_at, documented: `in the future (now ${Math.floor(at / 1000)})` }));
        }
      });
    }
  }
  throwIfAny(failures);
}
