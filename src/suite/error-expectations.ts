/**
 * Which catalogue errors an operation may answer, and which one exactly answers each negative case
 * (fixtures/suite/error-expectations.json). A contract that states them itself wins: aibabe's
 * operations carry `x-pixmock-error-ids` and `x-pixmock-validation-errors`; chatfire's and Dify's
 * lists live in the fixture until their contracts do.
 *
 * @example
 * const expectations = await loadErrorExpectations();
 * expectedErrorIds(contracts, expectations, suiteCase); // ['cover_breast_size_required']
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContractRegistry } from '../contracts/index.js';
import { DEFAULT_FIXTURES_DIR, withoutComments } from './fixture-files.js';
import { isObject, pointerTokens } from './schema-walk.js';
import type { SuiteCase } from './types.js';

const ANY_FIELD = '*';
const BODY_SUFFIX = '#body';

interface OperationErrors {
  errorIds?: string[];
  /** Case source → JSON pointer (or `*`) → catalogue id. */
  cases?: Record<string, Record<string, string>>;
}

interface UpstreamErrors {
  source: string;
  everyOperation: string[];
  operations?: Record<string, OperationErrors>;
}

export interface ErrorExpectations {
  bodyOverLimit: { errorId: string; source: string };
  upstreams: Record<string, UpstreamErrors>;
}

/**
 * `x-pixmock-validation-errors` of an operation: aibabe's tell a missing field (`required`, or
 * `requiredByField`) from an invalid one; chatfire's name the error of each field (`byField`).
 */
interface ValidationErrorIds {
  required?: string;
  invalid: string;
  requiredByField?: Record<string, string>;
  byField?: Record<string, string>;
}

export async function loadErrorExpectations(fixturesDir = DEFAULT_FIXTURES_DIR): Promise<ErrorExpectations> {
  const raw = withoutComments(JSON.parse(await readFile(path.join(fixturesDir, 'suite', 'error-expectations.json'), 'utf8'))) as Record<string, unknown>;
  const { bodyOverLimit, ...upstreams } = raw;
  return { bodyOverLimit: bodyOverLimit as ErrorExpectations['bodyOverLimit'], upstreams: upstreams as Record<string, UpstreamErrors> };
}

/** Every catalogue id the operation may answer, and where that list comes from. */
export function operationErrorIds(contracts: ContractRegistry, expectations: ErrorExpectations, upstream: string, operationId: string): { ids: Set<string>; source: string } {
  const data = expectations.upstreams[upstream];
  const own = contracts.operation(upstream, operationId).raw['x-pixmock-error-ids'];
  const listed = Array.isArray(own) ? own.map(String) : data?.operations?.[operationId]?.errorIds ?? [];
  return { ids: new Set([...listed, ...(data?.everyOperation ?? [])]), source: data?.source ?? `contracts/${upstream}/openapi.yaml` };
}

/** The catalogue ids that exactly answer a negative case, or undefined when nothing states it. */
export function expectedErrorIds(contracts: ContractRegistry, expectations: ErrorExpectations, suiteCase: SuiteCase): string[] | undefined {
  if (suiteCase.kind !== 'negative' || suiteCase.source === 'auth') return undefined;
  const pointer = suiteCase.pointer ?? '';
  if (suiteCase.source === 'oversize' && pointer.endsWith(BODY_SUFFIX)) return [expectations.bodyOverLimit.errorId];
  const field = pointer.split('#')[0] ?? '';
  const validation = contracts.operation(suiteCase.upstream, suiteCase.operationId).raw['x-pixmock-validation-errors'];
  if (isObject(validation)) {
    const ids = validation as unknown as ValidationErrorIds;
    const name = pointerTokens(field).join('.');
    if (ids.byField) return [Object.hasOwn(ids.byField, name) ? (ids.byField[name] as string) : ids.invalid];
    if (suiteCase.source === 'required-missing') return [ids.requiredByField?.[pointerTokens(field).at(-1) ?? ''] ?? ids.required ?? ids.invalid];
    if (['wrong-type', 'out-of-enum', 'oversize'].includes(suiteCase.source)) return [ids.invalid];
  }
  const byField = expectations.upstreams[suiteCase.upstream]?.operations?.[suiteCase.operationId]?.cases?.[suiteCase.source];
  const id = byField?.[field] ?? byField?.[ANY_FIELD];
  return id === undefined ? undefined : [id];
}

/** Where the exact error of a case is documented, for findings. */
export function expectationSource(contracts: ContractRegistry, expectations: ErrorExpectations, suiteCase: SuiteCase): string {
  if (suiteCase.source === 'oversize' && (suiteCase.pointer ?? '').endsWith(BODY_SUFFIX)) return expectations.bodyOverLimit.source;
  const raw = contracts.operation(suiteCase.upstream, suiteCase.operationId).raw;
  if (isObject(raw['x-pixmock-validation-errors'])) return `contracts/${suiteCase.upstream}/openapi.yaml ${suiteCase.operationId} x-pixmock-validation-errors`;
  return `fixtures/suite/error-expectations.json ${suiteCase.upstream}.${suiteCase.operationId}; ${expectations.upstreams[suiteCase.upstream]?.source ?? ''}`;
}
