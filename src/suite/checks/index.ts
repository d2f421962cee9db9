/** Every check, in the order they run on each exchange (then on each whole case). */
import { authRejection } from './auth-rejection.js';
import type { CaseCheck, ExchangeCheck } from './check.js';
import { contentTypeConformance } from './content-type.js';
import { conversationScope } from './conversation-scope.js';
import { coverLifecycle } from './cover-lifecycle.js';
import { coverParameters } from './cover-parameters.js';
import { documentedError } from './documented-error.js';
import { envelopeRules } from './envelope.js';
import { errorExact } from './error-exact.js';
import { errorInOperation } from './error-in-operation.js';
import { expectedOutcome } from './expected-outcome.js';
import { followUpAgrees } from './follow-up-agrees.js';
import { imageValidity } from './image-validity.js';
import { keyIsolation } from './key-isolation.js';
import { latencyWithinBounds } from './latency.js';
import { linkExpiry } from './link-expiry.js';
import { metadataEcho } from './metadata-echo.js';
import { responseHeaders } from './response-headers.js';
import { responseSchemaConformance } from './response-schema.js';
import { runOutputs } from './run-outputs.js';
import { signedFileUrl } from './signed-file-url.js';
import { sseGrammar } from './sse-grammar.js';
import { statusCodeConformance } from './status-code.js';
import { taskCompletion } from './task-completion.js';
import { taskLifecycle } from './task-lifecycle.js';
import { timestamps } from './timestamps.js';

export const EXCHANGE_CHECKS: Record<string, ExchangeCheck> = {
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  envelope_rules: envelopeRules,
  documented_error: documentedError,
  error_exact: errorExact,
  error_in_operation: errorInOperation,
  expected_outcome: expectedOutcome,
  auth_rejection: authRejection,
  image_validity: imageValidity,
  metadata_echo: metadataEcho,
  run_outputs: runOutputs,
  timestamps,
  response_headers: responseHeaders,
  sse_grammar: sseGrammar,
  signed_file_url: signedFileUrl,
  cover_parameters: coverParameters,
  cover_lifecycle: coverLifecycle,
  conversation_scope: conversationScope,
  key_isolation: keyIsolation,
  link_expiry: linkExpiry,
  latency_within_bounds: latencyWithinBounds,
};

export const CASE_CHECKS: Record<string, CaseCheck> = {
  task_lifecycle: taskLifecycle,
  task_completion: taskCompletion,
  follow_up_agrees: followUpAgrees,
};

export { NOT_APPLICABLE, isSuccess, type CaseCheck, type CaseCheckInput, type CheckInput, type CheckOutcome, type ExchangeCheck } from './check.js';
