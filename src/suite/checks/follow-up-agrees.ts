import { CheckFailure, throwIfAny } from '../check-failure.js';
import { valueAt } from '../pointer-values.js';
import type { AgreementRule } from '../promises.js';
import type { Exchange } from '../types.js';
import { NOT_APPLICABLE, type CaseCheckInput, type CheckOutcome } from './check.js';

/** Floats (Dify's elapsed_time) may be stored and read back with this much rounding, in their unit. */
const NUMBER_TOLERANCE = 0.01;

/**
 * Ids resolve to the same thing in follow-up calls: polling a chatfire task answers the task_id
 * and created_at the create call answered; reading a Dify run answers the id, workflow, status,
 * timestamps and counts its blocking body (or its `workflow_finished` event) reported.
 */
export function followUpAgrees({ exchanges, promises, suiteCase }: CaseCheckInput): CheckOutcome {
  const rules = promises.agreement[suiteCase.upstream] ?? {};
  const failures: CheckFailure[] = [];
  let judged = false;
  for (const [operationId, rule] of Object.entries(rules)) {
    const original = exchanges.find((x) => x.role === 'primary' && x.operationId === rule.of && x.response?.status === 200);
    const source = original && answerOf(original, rule);
    if (source === undefined) continue;
    for (const follow of exchanges.filter((x) => x.operationId === operationId && x.response?.status === 200 && x.response.json !== undefined)) {
      judged = true;
      for (const [fromPointer, toPointer] of rule.fields) {
        const expected = valueAt(source, fromPointer);
        const actual = valueAt(follow.response?.json, toPointer);
        if (expected === undefined || same(expected, actual)) continue;
        failures.push(new CheckFailure({
          check: 'follow_up_agrees',
          operationId,
          pointer: toPointer,
          received: actual,
          documented: `${JSON.stringify(expected)}, as ${rule.of} answered at ${fromPointer} (${rule.source})`,
        }));
      }
    }
  }
  if (!judged) return NOT_APPLICABLE;
  throwIfAny(failures);
}

function answerOf(exchange: Exchange, rule: AgreementRule): unknown {
  if (exchange.notes.sse) return rule.event ? exchange.notes.sse.events.find((e) => e.event === rule.event)?.data : undefined;
  return exchange.response?.json;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= NUMBER_TOLERANCE;
  return JSON.stringify(a) === JSON.stringify(b);
}
