/** Every check, in the order they run on each exchange. */
import { authRejection } from './auth-rejection.js';
import type { CaseCheck, ExchangeCheck } from './check.js';
import { contentTypeConformance } from './content-type.js';
import { documentedError } from './documented-error.js';
import { envelopeRules } from './envelope.js';
import { expectedOutcome } from './expected-outcome.js';
import { imageValidity } from './image-validity.js';
import { latencyWithinBounds } from './latency.js';
import { metadataEcho } from './metadata-echo.js';
import { responseSchemaConformance } from './response-schema.js';
import { signedFileUrl } from './signed-file-url.js';
import { sseGrammar } from './sse-grammar.js';
import { statusCodeConformance } from './status-code.js';
import { taskLifecycle } from './task-lifecycle.js';

export const EXCHANGE_CHECKS: Record<string, ExchangeCheck> = {
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  envelope_rules: envelopeRules,
  documented_error: documentedError,
  expected_outcome: expectedOutcome,
  auth_rejection: authRejection,
  image_validity: imageValidity,
  metadata_echo: metadataEcho,
  sse_grammar: sseGrammar,
  signed_file_url: signedFileUrl,
  latency_within_bounds: latencyWithinBounds,
};

export const CASE_CHECKS: Record<string, CaseCheck> = {
  task_lifecycle: taskLifecycle,
};

export { NOT_APPLICABLE, isSuccess, type CaseCheck, type CaseCheckInput, type CheckInput, type CheckOutcome, type ExchangeCheck } from './check.js';
