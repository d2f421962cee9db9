import { CheckFailure } from '../check-failure.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** A documented example is accepted; an invalid request is refused (4xx, or aibabe's `success: false`). */
export function expectedOutcome({ exchange, response, suiteCase }: CheckInput): CheckOutcome {
  const { expect } = exchange;
  if (expect.kind === 'accepted' && !isSuccess(response)) {
    throw new CheckFailure({ check: 'expected_outcome', pointer: 'status', received: summary(response.status, response.json), documented: 'accepted (2xx, success) for a documented example' });
  }
  if (expect.kind === 'rejected') {
    const refused = response.status >= 400 && response.status < 500 || (response.status === 200 && !isSuccess(response));
    if (!refused) {
      throw new CheckFailure({ check: 'expected_outcome', pointer: suiteCase.pointer ?? 'status', received: summary(response.status, response.json), documented: `refused with a documented client error (${suiteCase.title})` });
    }
    return;
  }
  if (expect.kind !== 'accepted') return NOT_APPLICABLE;
}

function summary(status: number, body: unknown): string {
  const text = body === undefined ? '' : ` ${JSON.stringify(body)}`;
  return `${status}${text.length > 100 ? `${text.slice(0, 100)}…` : text}`;
}
