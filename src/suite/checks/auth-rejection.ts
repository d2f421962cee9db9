import { CheckFailure } from '../check-failure.js';
import { matchCatalogue } from '../catalogue-match.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/**
 * A request with broken authentication (missing header, expired timestamp, unknown key, wrong
 * signature, replayed request id, bad scheme, invalid token) is refused with 401 and the
 * catalogue error documented for that cause.
 */
export function authRejection({ exchange, response, contracts, operation }: CheckInput): CheckOutcome {
  const { expect } = exchange;
  if (expect.kind !== 'auth-rejected') return NOT_APPLICABLE;
  if (response.status !== 401) {
    throw new CheckFailure({ check: 'auth_rejection', pointer: 'status', received: response.status, documented: `401 (${expect.errorIds.join(' or ')})` });
  }
  const match = matchCatalogue(contracts.upstream(operation.upstream).errors, response.status, response.json);
  if (!match || !expect.errorIds.includes(match.id)) {
    const code = (response.json as Record<string, unknown> | undefined)?.code;
    throw new CheckFailure({ check: 'auth_rejection', pointer: code === undefined ? '' : '/code', received: match ? `${match.id} ${JSON.stringify(response.json)}` : response.json, documented: expect.errorIds.join(' or ') });
  }
}
