/**
 * The references every upstream's contract and mocks make, checked before the upstream serves: the
 * catalogue errors the shell answers with, each scenario's error and operations, each latency's
 * operation, each operation's `x-pixmock-error-ids` and `x-pixmock-validation-errors`; then the
 * plugin's own (`checkConfig`). Any broken one refuses the start with a {@link ConfigReferenceError}.
 */
import { escapePointer } from '../contracts/index.js';
import { ConfigReferenceError, createConfigChecker, type AnyUpstreamPlugin, type ConfigChecker, type ConfigFolders, type ConfigPlace, type UpstreamContext } from '../core/index.js';

/** The catalogue errors the shell itself answers with (body limits, JSON, routing, contract violations, crashes). */
export const SHELL_ERROR_IDS = ['invalid_json', 'invalid_request', 'payload_too_large', 'route_not_found', 'internal_error'] as const;

export function checkUpstreamConfig(plugin: AnyUpstreamPlugin, context: UpstreamContext, state: unknown, folders?: ConfigFolders): void {
  const { contract, mocks } = context;
  const check = createConfigChecker(plugin.id, contract.errors.ids(), [...contract.operations.keys()], folders);
  for (const id of [...SHELL_ERROR_IDS, ...(plugin.wrongMethodError ? [plugin.wrongMethodError] : [])]) {
    if (!contract.errors.has(id)) check.problem(check.contract('/x-pixmock-errors'), `has no error "${id}", which pixmock answers for every upstream`, `Add ${id} with the upstream's own status and body`);
  }
  for (const [name, scenario] of Object.entries(mocks.scenarios)) {
    if (scenario.error !== undefined) check.errorId(check.mocks('scenarios', `/${name}/error`), scenario.error);
    scenario.operations?.forEach((operationId, index) => check.operationId(check.mocks('scenarios', `/${name}/operations/${index}`), operationId));
  }
  for (const operationId of Object.keys(mocks.latency)) check.operationId(check.mocks('latency', `/${operationId}`), operationId);
  for (const operation of contract.operations.values()) {
    const errorIds = operation.raw['x-pixmock-error-ids'];
    if (Array.isArray(errorIds)) errorIds.forEach((id, index) => check.errorId(check.operationField(operation, `x-pixmock-error-ids/${index}`), id));
    checkErrorIdsIn(check, check.operationField(operation, 'x-pixmock-validation-errors'), operation.raw['x-pixmock-validation-errors']);
  }
  plugin.checkConfig?.(context, state, check);
  if (check.problems.length > 0) throw new ConfigReferenceError(plugin.id, check.problems);
}

/** Every string in a mapping of violations to catalogue ids is an id (`{required, invalid, byField: {model: …}}`). */
function checkErrorIdsIn(check: ConfigChecker, place: ConfigPlace, value: unknown): void {
  if (typeof value === 'string') check.errorId(place, value);
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) checkErrorIdsIn(check, { ...place, field: `${place.field}/${escapePointer(key)}` }, item);
}
