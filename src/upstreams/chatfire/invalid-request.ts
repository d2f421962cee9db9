/**
 * Turns a request-schema violation into chatfire's own error for the field at fault (one-api's
 * validateImageRequest answers per field); anything else is the generic `invalid_request`.
 */
import type { Diagnostic } from '../../contracts/diagnostics.js';
import { fieldName } from '../../server/operation-pipeline.js';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { UpstreamHttpError } from '../../server/upstream-http-error.js';

/** By field name, as the body's invalid field is named: a Map, so `constructor` is no field. */
const FIELD_ERRORS = new Map([
  ['model', 'invalid_model'],
  ['prompt', 'invalid_prompt'],
  ['n', 'invalid_n'],
  ['size', 'invalid_size'],
  ['response_format', 'invalid_response_format'],
  ['url', 'invalid_url'],
]);

export function invalidRequest(diagnostics: Diagnostic[], ctx: UpstreamContext): UpstreamHttpError {
  const first = diagnostics[0];
  const field = fieldName(first?.pointer ?? '');
  const errorId = FIELD_ERRORS.get(field);
  const received = typeof first?.received === 'string' ? first.received : JSON.stringify(first?.received) ?? '';
  if (errorId) return ctx.error(errorId, { model: received, value: received });
  return ctx.error('invalid_request', { field, reason: first?.message ?? 'is invalid' });
}
