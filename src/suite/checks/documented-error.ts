import { CheckFailure } from '../check-failure.js';
import { matchCatalogue, nearestEntry } from '../catalogue-match.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/**
 * Every JSON error is one of the upstream's catalogued errors (`x-pixmock-errors`), with the
 * documented status, code and message. Names the first field that differs from the nearest entry.
 */
export function documentedError({ response, contracts, operation }: CheckInput): CheckOutcome {
  if (isSuccess(response) || response.json === undefined) return NOT_APPLICABLE;
  const catalogue = contracts.upstream(operation.upstream).errors;
  if (matchCatalogue(catalogue, response.status, response.json)) return;
  const nearest = nearestEntry(catalogue, response.status, response.json);
  if (!nearest) throw new CheckFailure({ check: 'documented_error', pointer: '', received: response.json, documented: 'an entry of the error catalogue' });
  if (!nearest.mismatch) {
    throw new CheckFailure({ check: 'documented_error', pointer: 'status', received: response.status, documented: `${nearest.status} (catalogue ${nearest.id})` });
  }
  throw new CheckFailure({ check: 'documented_error', pointer: nearest.mismatch.pointer, received: nearest.mismatch.received, documented: `${JSON.stringify(nearest.mismatch.documented)} (nearest catalogue entry ${nearest.id})` });
}
