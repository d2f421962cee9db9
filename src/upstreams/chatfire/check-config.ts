/**
 * The references chatfire's mocks and contract make, checked before it serves: the task failures
 * that scenarios and the code name, the error each failure answers, and the validation errors of
 * createImageGeneration that its invalidRequest reads.
 */
import type { ConfigChecker, UpstreamContext } from '../../core/index.js';
import { REFERENCE_UNREACHABLE_FAILURE, type ChatfireState } from './chatfire-state.js';

export function checkChatfireConfig(ctx: UpstreamContext, { mocks }: ChatfireState, check: ConfigChecker): void {
  const failures = mocks['task-failures'];
  const failureNames = Object.keys(failures);
  if (!failureNames.includes(REFERENCE_UNREACHABLE_FAILURE)) {
    check.problem(check.mocks('task-failures'), `has no "${REFERENCE_UNREACHABLE_FAILURE}", which a task ends with when its reference image cannot be fetched`, `Add ${REFERENCE_UNREACHABLE_FAILURE}`);
  }
  for (const [name, failure] of Object.entries(failures)) check.errorId(check.mocks('task-failures', `/${name}/openaiError`), failure?.openaiError);
  for (const [name, { behavior, params }] of Object.entries(ctx.mocks.scenarios)) {
    if (behavior === 'task_failed') check.oneOf(check.mocks('scenarios', `/${name}/params/failure`), params?.failure, failureNames, check.mocks('task-failures'));
  }
  for (const operation of ctx.contract.operations.values()) {
    if (!operation.requestSchemaId) continue;
    const ids = operation.raw['x-pixmock-validation-errors'] as { byField?: unknown; invalid?: unknown } | undefined;
    if (typeof ids?.invalid !== 'string' || typeof ids.byField !== 'object' || ids.byField === null) {
      check.problem(
        check.operationField(operation, 'x-pixmock-validation-errors'),
        `${operation.operationId} takes a body but maps no violation to an error`,
        'Add x-pixmock-validation-errors: { byField: { <field>: <error id> }, invalid: <error id> }',
      );
    }
  }
}
