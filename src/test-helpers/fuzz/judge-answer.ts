/**
 * The one check every fuzzed answer must pass: a status and body the contract documents for the
 * operation (or the upstream's generic route/body errors, or pixmock's 422 problem for a bad
 * `Prefer`), never a stack trace.
 */
import type { FuzzServer } from './fuzz-server.js';
import type { RawAnswer, RawRequest } from './raw-http.js';

const STACK_TRACE = /\n\s+at \S|\bat [^\s()]+ \([^)]*:\d+:\d+\)|node:internal|\.ts:\d+:\d+/;
/** Catalogue ids the shell answers on any path: unknown route, unreadable or oversized body, Dify's 405. */
const GENERIC_ERRORS = ['route_not_found', 'method_not_allowed', 'invalid_json', 'payload_too_large'];

/**
 * Why `answer` is not acceptable for a request aimed at `operationId`, or undefined when it is.
 * Acceptable: documented for the operation (status, media type, body schema); the upstream's
 * generic route/body error validating against its error schema; pixmock's problem+json 422 when
 * the request carried a `Prefer` header.
 */
export function judge(fuzz: FuzzServer, operationId: string | undefined, request: RawRequest, answer: RawAnswer): string | undefined {
  const { contracts, id } = fuzz;
  if (STACK_TRACE.test(answer.text)) return `stack trace in the body: ${answer.text.slice(0, 300)}`;
  const contentType = answer.headers['content-type'];
  if (contentType?.startsWith('application/problem+json')) {
    const hasPrefer = Object.keys(request.headers).some((name) => name.toLowerCase() === 'prefer');
    if (hasPrefer && answer.status === 422) return undefined;
    // pixmock's own admin API answers in problem+json.
    if (request.path.startsWith('/__pixmock') && answer.status >= 400 && answer.status < 500) return undefined;
    return `problem+json ${answer.status} without a Prefer header: ${answer.text}`;
  }
  // A gateway fault the request asked for by name answers the gateway's page on every operation,
  // documented or not (contracts document 502/504 only where the seeds saw them).
  const scenario = /scenario=([A-Za-z0-9_.-]+)/.exec(String(request.headers.Prefer ?? ''))?.[1];
  const fault = scenario ? fuzz.server.context.mocks.scenarios[scenario]?.fault : undefined;
  if (fault?.kind === 'gateway' && answer.status === fault.status && contentType?.startsWith('text/html')) return undefined;
  if (operationId) {
    const body = contentType?.includes('json') ? answer.json : answer.text;
    const result = contracts.validateResponse(id, operationId, { status: answer.status, contentType, body });
    if (result.valid) return undefined;
  }
  const catalogue = contracts.upstream(id).errors;
  const genericStatuses = GENERIC_ERRORS.filter((entry) => catalogue.has(entry)).map((entry) => catalogue.entry(entry).status);
  if (genericStatuses.includes(answer.status) && contentType?.startsWith('application/json')) {
    const generic = contracts.validate(contracts.upstream(id).errorSchemaId, answer.json);
    if (generic.valid) return undefined;
  }
  return `undocumented answer for ${operationId ?? 'an unknown route'}: ${answer.status} ${contentType ?? ''} ${answer.text.slice(0, 300)}`;
}

/**
 * A generated "unknown" path (`casePath`) may still reach an operation the way express routes (a
 * trailing slash, upper case): judge it against the operations whose template matches, else as unknown.
 */
export function judgeUnknownRoute(fuzz: FuzzServer, casePath: string, raw: RawRequest, answer: RawAnswer): string | undefined {
  const candidates = [...fuzz.contracts.upstream(fuzz.id).operations.values()].filter((operation) => {
    const pattern = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i');
    return pattern.test(casePath);
  });
  const failures = [undefined, ...candidates.map((operation) => operation.operationId)].map((operationId) => judge(fuzz, operationId, raw, answer));
  return failures.includes(undefined) ? undefined : failures[0];
}
