/**
 * A request that breaks the contract becomes the catalogue error its operation names in
 * `x-pixmock-validation-errors`: `required` (or `requiredByField[field]`, e.g. the cover page's
 * "breastSize is required for female") for a missing property, `invalid` for anything else.
 * The first diagnostic wins, missing properties before malformed ones.
 */
import type { Diagnostic, OperationContract } from '../../contracts/index.js';
import { fieldName, type UpstreamContext, type UpstreamHttpError } from '../../core/index.js';

interface ValidationErrorIds {
  required: string;
  invalid: string;
  requiredByField?: Record<string, string>;
}

export function invalidRequest(operation: OperationContract, diagnostics: Diagnostic[], ctx: UpstreamContext): UpstreamHttpError {
  const ids = operation.raw['x-pixmock-validation-errors'] as ValidationErrorIds | undefined;
  if (!ids) {
    throw new Error(`Failed to report an invalid request: ${operation.operationId} has no x-pixmock-validation-errors in contracts/${ctx.id}/openapi.yaml.`);
  }
  const first = diagnostics.find((d) => d.keyword === 'required') ?? diagnostics[0];
  const field = fieldName(first?.pointer ?? '');
  if (first?.keyword === 'required') {
    const byField = ids.requiredByField && Object.hasOwn(ids.requiredByField, field) ? ids.requiredByField[field] : undefined;
    return ctx.error(byField ?? ids.required, { field, reason: first.message });
  }
  return ctx.error(ids.invalid, { field, reason: first ? reason(first) : 'is invalid' });
}

/** ajv's words, with the allowed values spelled out for an enum. */
function reason({ keyword, message, expected }: Diagnostic): string {
  if (keyword === 'enum' && Array.isArray(expected)) return `must be one of ${expected.join(', ')}`;
  return message;
}
