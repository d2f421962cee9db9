import { CheckFailure } from '../check-failure.js';
import type { CheckInput, CheckOutcome } from './check.js';

/** The status is one the operation documents (exactly, by class such as `4XX`, or `default`). */
export function statusCodeConformance({ response, operation }: CheckInput): CheckOutcome {
  const documented = Object.keys(operation.responses);
  const status = String(response.status);
  if (documented.includes(status) || documented.includes(`${status[0]}XX`) || documented.includes('default')) return;
  throw new CheckFailure({ check: 'status_code_conformance', pointer: 'status', received: response.status, documented: `one of ${documented.join(', ')}` });
}
