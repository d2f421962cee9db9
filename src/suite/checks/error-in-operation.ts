import { CheckFailure } from '../check-failure.js';
import { matchingIds } from '../catalogue-match.js';
import { operationErrorIds } from '../error-expectations.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/**
 * A catalogued error is one this operation documents: a chat image never answers the cover
 * page's RunPod error, a task poll never answers an invalid size. Unknown bodies are
 * documented_error's finding.
 */
export function errorInOperation({ response, contracts, operation, errorExpectations }: CheckInput): CheckOutcome {
  if (isSuccess(response) || response.json === undefined) return NOT_APPLICABLE;
  const matched = matchingIds(contracts.upstream(operation.upstream).errors, response.status, response.json);
  if (matched.length === 0) return NOT_APPLICABLE;
  const { ids, source } = operationErrorIds(contracts, errorExpectations, operation.upstream, operation.operationId);
  if (matched.some((id) => ids.has(id))) return;
  throw new CheckFailure({
    check: 'error_in_operation',
    pointer: 'status',
    received: `${response.status} ${matched.join(' | ')}`,
    documented: `an error ${operation.operationId} documents: ${[...ids].join(', ')} (${source})`,
  });
}
