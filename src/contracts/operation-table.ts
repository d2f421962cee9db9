/**
 * The operations of one openapi.yaml, keyed by `operationId`: method, path template, the `$id`s of
 * the request and response schemas, and whether the operation asks for credentials.
 */
import { ContractLoadError } from './contract-load-error.js';
import { emptyTable } from './null-prototype.js';
import { deref } from './resolve-refs.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface ResponseContent {
  schemaId?: string;
  /** For `text/event-stream`: the schema each event's JSON data must match. */
  eventSchemaId?: string;
}

export interface OperationContract {
  upstream: string;
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. `/v1/workflows/run/{workflow_run_id}`. */
  path: string;
  requestSchemaId?: string;
  requestContentTypes: string[];
  /** Status code ("200", "4XX", "default") → media type → content. */
  responses: Record<string, Record<string, ResponseContent>>;
  requiresAuth: boolean;
  raw: Record<string, unknown>;
}

export interface OperationTableInput {
  upstream: string;
  document: Record<string, unknown>;
  documentPath: string;
  /** A schema `$ref` as the `$id` (and fragment) of the schema it names. */
  resolveRef: (ref: unknown) => string | undefined;
}

export function readOperations({ upstream, document, documentPath, resolveRef }: OperationTableInput): Map<string, OperationContract> {
  const operations = new Map<string, OperationContract>();
  const globalSecurity = document.security as unknown[] | undefined;
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [template, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const operationId = raw.operationId;
      if (typeof operationId !== 'string') throw new ContractLoadError(documentPath, `${method.toUpperCase()} ${template} has no operationId`);
      const requestContent = ((deref(document, raw.requestBody) as Record<string, unknown> | undefined)?.content ?? {}) as Record<string, { schema?: { $ref?: string } }>;
      const responses = readResponses(document, raw, resolveRef);
      const security = (raw.security as unknown[] | undefined) ?? globalSecurity ?? [];
      operations.set(operationId, {
        upstream,
        operationId,
        method: method.toUpperCase(),
        path: template,
        requestSchemaId: resolveRef(requestContent['application/json']?.schema?.$ref),
        requestContentTypes: Object.keys(requestContent),
        responses,
        requiresAuth: security.length > 0,
        raw,
      });
    }
  }
  return operations;
}

function readResponses(document: Record<string, unknown>, raw: Record<string, unknown>, resolveRef: (ref: unknown) => string | undefined): OperationContract['responses'] {
  // Looked up by the status and media type of a response under test: no prototype to find there.
  const responses: OperationContract['responses'] = emptyTable();
  for (const [status, responseOrRef] of Object.entries((raw.responses ?? {}) as Record<string, unknown>)) {
    const response = deref(document, responseOrRef) as Record<string, unknown>;
    const content = (response.content ?? {}) as Record<string, Record<string, unknown>>;
    const byType = emptyTable<ResponseContent>();
    for (const [mediaType, media] of Object.entries(content)) {
      byType[mediaType] = {
        schemaId: resolveRef((media.schema as { $ref?: string } | undefined)?.$ref),
        eventSchemaId: resolveRef(media['x-pixmock-sse-event-schema']),
      };
    }
    responses[status] = byType;
  }
  return responses;
}
