/**
 * The loaded contracts as one registry: look-ups by upstream, operation and schema `$id`, and
 * validation of a value, a request body or a response against them.
 */
import type { ValidateFunction } from 'ajv';
import { toDiagnostics, type Diagnostic } from './diagnostics.js';
import type { OperationContract } from './operation-table.js';
import type { UpstreamContract } from './upstream-contract.js';

export interface ValidationResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

export interface ContractRegistry {
  readonly dir: string;
  upstreamIds(): string[];
  upstream(id: string): UpstreamContract;
  operation(upstream: string, operationId: string): OperationContract;
  schema(schemaId: string): Record<string, unknown>;
  validate(schemaId: string, value: unknown): ValidationResult;
  validateRequest(upstream: string, operationId: string, body: unknown): ValidationResult;
  validateResponse(upstream: string, operationId: string, response: { status: number; contentType?: string; body: unknown }): ValidationResult;
}

export interface ContractRegistryInput {
  dir: string;
  schemas: ReadonlyMap<string, Record<string, unknown>>;
  upstreams: ReadonlyMap<string, UpstreamContract>;
  /** One per schema `$id` and per fragment an operation refers to. */
  validators: ReadonlyMap<string, ValidateFunction>;
}

export function createContractRegistry({ dir, schemas, upstreams, validators }: ContractRegistryInput): ContractRegistry {
  const validate = (schemaId: string, value: unknown): ValidationResult => {
    const validator = validators.get(schemaId);
    if (!validator) throw new Error(`Failed to validate: no schema with $id ${schemaId} in ${dir}, and no operation refers to it.`);
    const valid = validator(value) as boolean;
    return { valid, diagnostics: valid ? [] : toDiagnostics(validator.errors, value) };
  };
  const upstream = (id: string) => {
    const found = upstreams.get(id);
    if (!found) throw new Error(`Failed to find upstream "${id}": contracts exist for ${[...upstreams.keys()].join(', ')}.`);
    return found;
  };
  const operation = (upstreamId: string, operationId: string) => {
    const found = upstream(upstreamId).operations.get(operationId);
    if (!found) throw new Error(`Failed to find operation "${operationId}" in contracts/${upstreamId}/openapi.yaml.`);
    return found;
  };

  return {
    dir,
    upstreamIds: () => [...upstreams.keys()],
    upstream,
    operation,
    schema(schemaId) {
      const found = schemas.get(schemaId);
      if (!found) throw new Error(`Failed to find schema ${schemaId}.`);
      return found;
    },
    validate,
    validateRequest(upstreamId, operationId, body) {
      const { requestSchemaId } = operation(upstreamId, operationId);
      return requestSchemaId ? validate(requestSchemaId, body) : { valid: true, diagnostics: [] };
    },
    validateResponse(upstreamId, operationId, { status, contentType, body }) {
      const op = operation(upstreamId, operationId);
      const byType = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
      if (!byType) {
        return invalid('', 'status', `status ${status} is not documented for ${operationId}`, Object.keys(op.responses), status);
      }
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
      const documentedTypes = Object.keys(byType);
      if (documentedTypes.length === 0) return { valid: true, diagnostics: [] };
      const content = mediaType ? byType[mediaType] : undefined;
      if (!content) {
        return invalid('', 'contentType', `content type is not documented for ${operationId} ${status}`, documentedTypes, mediaType ?? null);
      }
      return content.schemaId ? validate(content.schemaId, body) : { valid: true, diagnostics: [] };
    },
  };
}

function invalid(pointer: string, keyword: string, message: string, expected: unknown, received: unknown): ValidationResult {
  return { valid: false, diagnostics: [{ pointer, keyword, message, expected, received }] };
}
