import { CheckFailure } from '../check-failure.js';
import { matchesEntry, matchingIds } from '../catalogue-match.js';
import { expectationSource } from '../error-expectations.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/**
 * A negative case is refused with exactly the catalogue error documented for it, status and
 * body: a female cover without breastSize is HTTP 400 `breastSize is required for female`, not
 * some other documented error and not the same words as an HTTP 200 business error.
 */
export function errorExact({ exchange, response, contracts, operation, suiteCase, errorExpectations }: CheckInput): CheckOutcome {
  const { expect } = exchange;
  if (expect.kind !== 'rejected' || !expect.errorIds || expect.errorIds.length === 0) return NOT_APPLICABLE;
  // An accepted invalid request is expected_outcome's finding; this check judges which refusal came.
  if (isSuccess(response)) return NOT_APPLICABLE;
  const catalogue = contracts.upstream(operation.upstream).errors;
  if (expect.errorIds.some((id) => matchesEntry(catalogue, id, response.status, response.json))) return;
  const matched = response.json === undefined ? [] : matchingIds(catalogue, response.status, response.json);
  const received = `${response.status} ${matched.length > 0 ? matched.join(' | ') : JSON.stringify(response.json ?? response.body.toString('utf8', 0, 80))}`;
  const documented = expect.errorIds.map((id) => `${catalogue.entry(id).status} ${id} ${JSON.stringify(catalogue.entry(id).body)}`).join(' or ');
  throw new CheckFailure({
    check: 'error_exact',
    pointer: suiteCase.pointer ?? 'status',
    received,
    documented: `${documented} for ${suiteCase.title} (${expectationSource(contracts, errorExpectations, suiteCase)})`,
  });
}
