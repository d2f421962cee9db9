/**
 * Request signing and verification shared by the mock servers and the contract-suite client.
 * No HTTP framework here: every check returns a reason id that the caller maps to its
 * upstream's error catalogue.
 */
export {
  AIBABE_AUTH_HEADERS,
  AIBABE_SIGNATURE_WINDOW_MS,
  canonicalBody,
  canonicalQuery,
  createReplayGuard,
  signRequest,
  stringToSign,
  verifyRequest,
} from './aibabe-signature.js';
export type {
  AibabeAuthFailureReason,
  AibabeAuthHeader,
  QueryInput,
  ReplayGuard,
  ReplayGuardOptions,
  SignedHeaders,
  SignRequestOptions,
  StringToSignInput,
  VerifyRequestOptions,
  VerifyRequestResult,
} from './aibabe-signature.js';
export { checkBearer, parseBearer } from './bearer-token.js';
export type { BearerFailureReason, CheckBearerFailureReason, CheckBearerResult, ParseBearerResult } from './bearer-token.js';
export { constantTimeEqual } from './constant-time-equal.js';
export { isSecretHeader, isSecretQueryParam, maskSecretQueryValues, SECRET_HEADERS, SECRET_QUERY_PARAMS } from './secret-names.js';
export { DIFY_FILES_ACCESS_TIMEOUT_SECONDS, signToolFileUrl, verifyToolFileSignature } from './dify-file-signature.js';
export type { SignToolFileUrlOptions, VerifyToolFileSignatureOptions } from './dify-file-signature.js';
