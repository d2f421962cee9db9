import { CheckFailure } from '../check-failure.js';
import { matchCatalogue, nearestEntry } from '../catalogue-match.js';
import type { AuthMode } from '../types.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/**
 * A request with broken authentication (missing header, expired timestamp, unknown key, wrong
 * signature, replayed request id, bad scheme, invalid token) is refused with 401 and the
 * catalogue error documented for that cause.
 */
export function authRejection({ exchange, response, contracts, operation, suiteCase }: CheckInput): CheckOutcome {
  const { expect } = exchange;
  if (expect.kind !== 'auth-rejected') return NOT_APPLICABLE;
  if (response.status !== 401) {
    const body = response.json === undefined ? '' : ` ${JSON.stringify(response.json).slice(0, 100)}`;
    throw new CheckFailure({ check: 'auth_rejection', pointer: `header:${headerAt(suiteCase.auth)}`, received: `${response.status}${body}`, documented: `401 (${expect.errorIds.join(' or ')})` });
  }
  const match = matchCatalogue(contracts.upstream(operation.upstream).errors, response.status, response.json);
  if (!match || !expect.errorIds.includes(match.id)) {
    const expected = contracts.upstream(operation.upstream).errors;
    const first = expect.errorIds[0];
    const mismatch = first ? nearestEntry(expected, 401, response.json, first)?.mismatch : undefined;
    throw new CheckFailure({ check: 'auth_rejection', pointer: mismatch?.pointer ?? '', received: match ? `${match.id} ${JSON.stringify(response.json)}` : response.json, documented: expect.errorIds.join(' or ') });
  }
}

/** The header a broken-auth case is about. */
function headerAt(auth: AuthMode): string {
  switch (auth.kind) {
    case 'missing-header': return auth.header;
    case 'expired-timestamp': return 'X-Timestamp';
    case 'bad-signature': return 'X-Signature';
    case 'replayed-request': return 'X-Request-ID';
    default: return 'Authorization';
  }
}
