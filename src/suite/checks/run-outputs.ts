import { CheckFailure, throwIfAny } from '../check-failure.js';
import { valueAt } from '../pointer-values.js';
import type { OutputsRule } from '../promises.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/**
 * What a finished run shows as produced is there: a Dify run that `succeeded` lists its image in
 * `outputs.files` (in the blocking body and in the stream's `workflow_finished` event). The files
 * themselves are fetched and judged by signed_file_url and image_validity.
 */
export function runOutputs({ exchange, response, promises, operation }: CheckInput): CheckOutcome {
  const rule = promises.outputs[operation.upstream]?.[operation.operationId];
  if (!rule || response.status !== 200) return NOT_APPLICABLE;
  const subjects: { prefix: string; body: unknown }[] = [];
  if (response.json !== undefined) subjects.push({ prefix: '', body: response.json });
  exchange.notes.sse?.events.forEach((event, i) => {
    if (rule.events?.includes(event.event)) subjects.push({ prefix: `event[${i}]`, body: event.data });
  });
  const applicable = subjects.filter(({ body }) => JSON.stringify(valueAt(body, rule.when.pointer)) === JSON.stringify(rule.when.equals));
  if (applicable.length === 0) return NOT_APPLICABLE;
  throwIfAny(applicable.flatMap(({ prefix, body }) => missing(rule, body).map((pointer) => new CheckFailure({
    check: 'run_outputs',
    pointer: `${prefix}${pointer}`,
    received: JSON.stringify(valueAt(body, pointer)) ?? '(absent)',
    documented: `at least one item when ${rule.when.pointer} is ${JSON.stringify(rule.when.equals)} (${rule.source})`,
  }))));
}

function missing(rule: OutputsRule, body: unknown): string[] {
  return rule.nonEmpty.filter((pointer) => {
    const value = valueAt(body, pointer);
    return !Array.isArray(value) || value.length === 0;
  });
}
