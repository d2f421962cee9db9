import { CheckFailure, throwIfAny } from '../check-failure.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** The JSON body validates against the schema documented for its status and media type. */
export function responseSchemaConformance({ response, operation, contracts }: CheckInput): CheckOutcome {
  if (response.json === undefined || response.mediaType === 'text/event-stream') return NOT_APPLICABLE;
  const result = contracts.validateResponse(operation.upstream, operation.operationId, { status: response.status, contentType: response.mediaType, body: response.json });
  // Undocumented statuses and media types are the two checks before this one.
  const schemaDiagnostics = result.diagnostics.filter((d) => d.keyword !== 'status' && d.keyword !== 'contentType');
  throwIfAny(schemaDiagnostics.map((d) => new CheckFailure({
    check: 'response_schema_conformance',
    pointer: d.pointer,
    received: d.received === undefined ? `(${d.message})` : d.received,
    documented: d.expected === undefined ? d.message : d.expected,
  })));
}
