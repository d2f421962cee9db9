import { CheckFailure } from '../check-failure.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** A signed file URL works as issued, and the same URL with its signature altered is refused (403). */
export function signedFileUrl({ exchange, response }: CheckInput): CheckOutcome {
  const kind = exchange.notes.fileUrl;
  if (!kind) return NOT_APPLICABLE;
  if (kind === 'valid' && response.status !== 200) {
    throw new CheckFailure({ check: 'signed_file_url', pointer: 'status', received: `${response.status} for ${exchange.request.path}`, documented: '200 image/png for the URL as issued' });
  }
  if (kind === 'tampered' && response.status !== 403) {
    throw new CheckFailure({ check: 'signed_file_url', pointer: 'query/sign', received: `${response.status} for a tampered signature`, documented: '403 file_forbidden' });
  }
}
