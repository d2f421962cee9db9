/**
 * One fuzz case: how an upstream's fuzz file describes its operations and its ways to
 * (mis)authenticate, the arbitrary that makes a case aimed at one operation (or at no known route),
 * and the wire request a case becomes.
 */
import fc from 'fast-check';
import { bodyArb, type BodyCase } from './body-arbitraries.js';
import type { FuzzServer } from './fuzz-server.js';
import type { RawRequest } from './raw-http.js';
import { extraHeadersArb, METHODS_ARB, paramArb, preferArb, queryArb, quickScenarios } from './request-arbitraries.js';

export interface OperationFuzz {
  operationId: string;
  /** A body close to valid (fields from small pools, so the renderer cache keeps renders cheap). */
  body: fc.Arbitrary<unknown>;
  /** Values for a path parameter; default {@link paramArb}. */
  param?: (name: string) => fc.Arbitrary<string>;
}

export interface AuthInput {
  method: string;
  /** Path without the query string, exactly as sent. */
  path: string;
  query: string;
  body: BodyCase;
}

export interface UpstreamFuzz {
  /** Ways to (mis)authenticate; the first ones should reach the handler. */
  authModes: string[];
  authHeaders(mode: string, input: AuthInput): Record<string, string>;
  operations: OperationFuzz[];
}

export interface FuzzCase {
  method: string;
  path: string;
  query: string;
  body: BodyCase;
  auth: string;
  prefer?: string;
  extra: Record<string, string>;
}

/** Builds the wire request of a case. */
export function toRawRequest(spec: UpstreamFuzz, fuzzCase: FuzzCase): RawRequest {
  const headers: Record<string, string> = { ...fuzzCase.extra };
  const { body } = fuzzCase;
  if (body.contentType) headers['Content-Type'] = body.contentType;
  if (body.contentEncoding) headers['Content-Encoding'] = body.contentEncoding;
  if (fuzzCase.prefer !== undefined) headers.Prefer = fuzzCase.prefer;
  Object.assign(headers, spec.authHeaders(fuzzCase.auth, { method: fuzzCase.method, path: fuzzCase.path, query: fuzzCase.query, body }));
  return { method: fuzzCase.method, path: `${fuzzCase.path}${fuzzCase.query}`, headers, body: body.body };
}

export function caseArb(fuzz: FuzzServer, spec: UpstreamFuzz, operation: OperationFuzz | undefined): fc.Arbitrary<FuzzCase> {
  const contract = operation ? fuzz.contracts.operation(fuzz.id, operation.operationId) : undefined;
  const template = contract?.path ?? '/v1/{a}/{b}';
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const params = fc.tuple(...names.map((name) => operation?.param?.(name) ?? paramArb));
  const method = contract
    ? fc.oneof({ weight: 12, arbitrary: fc.constant(contract.method) }, { weight: 1, arbitrary: METHODS_ARB.filter((m) => m !== 'HEAD') })
    : METHODS_ARB.filter((m) => m !== 'HEAD');
  const unknownPath = fc.oneof(
    fc.constantFrom('/', '/v1', '/v2/chat/image', '/v1/chat/image/', '/V1/CHAT/IMAGE', '/v1/files/images/', '/files/tools/', '/files/tools/../../etc/passwd', '//v1//chat', '/__pixmock', '/__pixmock/nope', '/%2e%2e/%2e%2e/etc/passwd'),
    fc.array(paramArb, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`),
  );
  return fc.record({
    method,
    path: contract ? params.map((values) => fillPath(template, (name) => values[names.indexOf(name)] ?? '')) : unknownPath,
    query: queryArb,
    body: bodyArb(operation?.body ?? fc.jsonValue({ maxDepth: 2 })),
    auth: fc.constantFrom(...spec.authModes),
    prefer: preferArb(quickScenarios(fuzz.server.context.mocks)),
    extra: extraHeadersArb,
  });
}

/** Fills `{name}` placeholders of an OpenAPI path template. */
function fillPath(template: string, value: (name: string) => string): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => value(name));
}
