import { CheckFailure } from '../check-failure.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** The media type is one documented for this status, and a JSON media type carries JSON. */
export function contentTypeConformance({ response, operation }: CheckInput): CheckOutcome {
  const status = String(response.status);
  const byType = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (!byType) return NOT_APPLICABLE;
  const documented = Object.keys(byType);
  if (documented.length === 0) return NOT_APPLICABLE;
  if (!response.mediaType || !documented.includes(response.mediaType)) {
    throw new CheckFailure({ check: 'content_type_conformance', pointer: 'header:content-type', received: response.headers['content-type'] ?? '(none)', documented: documented.join(' or ') });
  }
  if (response.mediaType === 'application/json' && response.json === undefined && !response.aborted) {
    throw new CheckFailure({ check: 'content_type_conformance', pointer: '', received: response.body.toString('utf8', 0, 80) || '(empty body)', documented: 'a JSON body' });
  }
}
