import { CheckFailure, throwIfAny } from '../check-failure.js';
import { valueAt } from '../pointer-values.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** Fields the contract says come back unchanged (aibabe `data.metadata`, chatfire `model`/`prompt`/size). */
export function metadataEcho({ exchange, response }: CheckInput): CheckOutcome {
  const echo = exchange.notes.echo;
  if (!echo || echo.length === 0 || !isSuccess(response)) return NOT_APPLICABLE;
  throwIfAny(echo
    .filter(({ pointer, value }) => JSON.stringify(valueAt(response.json, pointer)) !== JSON.stringify(value))
    .map(({ pointer, value }) => new CheckFailure({ check: 'metadata_echo', pointer, received: valueAt(response.json, pointer), documented: `${JSON.stringify(value)} (echoed from the request)` })));
}
