/**
 * Turns a request-schema violation into chatfire's own error for the field at fault (one-api's
 * validateImageRequest answers per field), as the operation's `x-pixmock-validation-errors` in
 * contracts/chatfire/openapi.yaml names it; any other field is its `invalid` error.
 */
import type { Diagnostic, OperationContract } from '../../contracts/index.js';
import { fieldName, type UpstreamContext, type UpstreamHttpError } from '../../core/index.js';

interface ValidationErrorIds {
  byField: Record<string, string>;
  invalid: string;
}

export function invalidRequest(operation: OperationContract, diagnostics: Diagnostic[], ctx: UpstreamContext): UpstreamHttpError {
  const ids = operation.raw['x-pixmock-validation-errors'] as ValidationErrorIds | undefined;
  if (!ids) {
    throw new Error(`Failed to report an invalid request: ${operation.operationId} has no x-pixmock-validation-errors in contracts/${ctx.id}/openapi.yaml.`);
  }
  const first = diagnostics[0];
  const field = fieldName(first?.pointer ?? '');
  // Object.hasOwn: the field name is the client's, so `constructor` is no field.
  const errorId = Object.hasOwn(ids.byField, field) ? ids.byField[field] : undefined;
  const received = typeof first?.received === 'string' ? first.received : JSON.stringify(first?.received) ?? '';
  if (errorId) return ctx.error(errorId, { model: received, value: received });
  return ctx.error(ids.invalid, { field, reason: first?.message ?? 'is invalid' });
}
