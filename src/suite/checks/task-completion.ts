import { CheckFailure, throwIfAny } from '../check-failure.js';
import { valueAt } from '../pointer-values.js';
import type { CompletionRule } from '../promises.js';
import type { Exchange } from '../types.js';
import { NOT_APPLICABLE, type CaseCheckInput, type CheckOutcome } from './check.js';

/**
 * Asynchronous work reaches a final state: a polled chatfire task is completed or failed before
 * its budget (latency-bounds.json `completion`, divided by the time scale) runs out, a blocking
 * Dify run answers only once it has ended. A task still running when the budget is spent is a
 * failure naming the task and the state it was stuck in, never a skip.
 */
export function taskCompletion({ exchanges, promises, target, suiteCase }: CaseCheckInput): CheckOutcome {
  const rules = promises.completion[suiteCase.upstream] ?? {};
  const failures: CheckFailure[] = [];
  let judged = false;
  for (const [operationId, rule] of Object.entries(rules)) {
    const reads = exchanges.filter((x) => (x.operationId === operationId || rule.polledBy?.includes(x.operationId))
      && (!rule.responseMode || x.operationId !== operationId || x.notes.responseMode === rule.responseMode));
    const byResource = new Map<string, Exchange[]>();
    for (const exchange of reads) {
      const id = resourceId(exchange, rule);
      if (id !== undefined) byResource.set(id, [...(byResource.get(id) ?? []), exchange]);
    }
    for (const [id, seen] of byResource) {
      const judgedReads = rule.judge === 'every' ? seen : seen.slice(-1);
      // A last read that failed (404, 5xx) is the other checks' finding; there is no state to judge.
      if (!judgedReads.every((x) => stateOf(x, rule) !== undefined)) continue;
      judged = true;
      for (const exchange of judgedReads) {
        const state = stateOf(exchange, rule) as string;
        if (rule.final.includes(state)) continue;
        failures.push(new CheckFailure({
          check: 'task_completion',
          operationId: exchange.operationId,
          pointer: rule.pointer,
          received: describeStuck(id, state, exchange, target.timeScale),
          documented: `${rule.final.join(' or ')}${rule.judge === 'last' ? ` within ${budgetText(exchange)}` : ' when the answer comes'} (${rule.source})`,
        }));
      }
    }
  }
  if (!judged) return NOT_APPLICABLE;
  throwIfAny(failures);
}

function resourceId(exchange: Exchange, rule: CompletionRule): string | undefined {
  const response = exchange.response;
  if (!response || response.status !== 200 || response.json === undefined) return undefined;
  const id = valueAt(response.json, rule.resource) ?? exchange.notes.progress?.resource;
  return typeof id === 'string' ? id : undefined;
}

function stateOf(exchange: Exchange, rule: CompletionRule): string | undefined {
  const state = exchange.response?.status === 200 ? valueAt(exchange.response.json, rule.pointer) : undefined;
  return typeof state === 'string' ? state : undefined;
}

function describeStuck(id: string, state: string, exchange: Exchange, timeScale: number): string {
  const progress = exchange.notes.progress;
  if (!progress) return `${id} answered "${state}"`;
  const seconds = (progress.elapsedWallMs * timeScale) / 1000;
  return `${id} still "${state}" after ${progress.polls} polls over ${Math.round(progress.elapsedWallMs)} ms (${seconds.toFixed(1)} s at time scale ${timeScale})`;
}

function budgetText(exchange: Exchange): string {
  const progress = exchange.notes.progress;
  return progress ? `${progress.budgetSimMs / 1000} s (${Math.round(progress.budgetWallMs)} ms on this target; ${progress.source})` : 'its budget';
}
