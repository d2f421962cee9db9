/**
 * Records each request in the journal once its response has gone out (or the client left). The
 * request is kept as it came (headers, parsed query and body by reference); redaction and the body
 * preview are made when the journal is read (GET /__pixmock/requests), not on every request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSecretHeader, isSecretQueryParam, maskSecretQueryValues } from '../auth/secret-names.js';
import type { JournalFields, RequestJournal, ResponseRecord } from '../sim/request-journal.js';

export const REDACTED = '[redacted]';
/** A body is previewed up to this many characters in the journal (requests and answers alike). */
const BODY_PREVIEW_CHARS = 4096;
/**
 * A body is kept by reference until the journal is read only when its request said it was this
 * small — what the preview would have kept anyway; a larger one is previewed at once, so the journal
 * never holds more than a preview of it.
 */
const DEFERRED_BODY_BYTES = BODY_PREVIEW_CHARS;

export interface RawRequest {
  at: number;
  method: string;
  path: string;
  query: Readonly<Record<string, unknown>>;
  operationId: string | undefined;
  scenario: string | undefined;
  status: number | undefined;
  durationMs: number;
  headers: IncomingMessage['headers'];
  /** The body itself, or (for a large one) its preview already made. */
  body: unknown;
  bodyPreviewed: boolean;
  /** The answer, when the console watched it go out. */
  response?: ResponseRecord;
}

/**
 * What the node adapter learns of one exchange while it runs; once answered it is itself the
 * journal's raw record (one object per request, not two).
 */
export interface NodeExchange extends RawRequest {
  /** `performance.now()` when it arrived. */
  started: number;
}

/** A new exchange, every field present from the start (one hidden class for all of them). */
export function startNodeExchange(req: IncomingMessage, at: number, path: string, query: Readonly<Record<string, unknown>>): NodeExchange {
  return { at, started: performance.now(), method: req.method ?? 'GET', path, query, operationId: undefined, scenario: undefined, status: undefined, durationMs: 0, headers: req.headers, body: undefined, bodyPreviewed: false, response: undefined };
}

/** Records an exchange once its answer is written (or the client has gone). */
export function recordNodeExchange(journal: RequestJournal, req: IncomingMessage, res: ServerResponse, exchange: NodeExchange): void {
  const { body } = exchange;
  exchange.bodyPreviewed = body !== undefined && !(Number(req.headers['content-length']) <= DEFERRED_BODY_BYTES);
  if (exchange.bodyPreviewed) exchange.body = previewBody(body);
  exchange.status = res.headersSent ? res.statusCode : undefined;
  exchange.durationMs = Math.round(performance.now() - exchange.started);
  journal.recordDeferred<RawRequest>(exchange, presentRequest);
}

/** The journal entry of a recorded request: secrets redacted, the body previewed. Never throws. */
export function presentRequest(raw: RawRequest): JournalFields {
  return {
    at: raw.at,
    method: raw.method,
    path: raw.path,
    query: redactQuery(raw.query),
    operationId: raw.operationId,
    scenario: raw.scenario,
    status: raw.status,
    durationMs: raw.durationMs,
    headers: redactHeaders(raw.headers),
    body: raw.bodyPreviewed ? raw.body : previewBody(raw.body),
    ...(raw.response && { response: raw.response }),
  };
}

/** The parsed query with every secret parameter's value replaced, at any depth (`a[token]=…` too). */
function redactQuery(query: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query as Record<string, unknown>).map(([key, value]) => [key, redactQueryValue(key, value)]));
}

function redactQueryValue(key: string, value: unknown): unknown {
  if (isSecretQueryParam(key)) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' ? redactQuery(item) : item));
  return value !== null && typeof value === 'object' ? redactQuery(value) : value;
}

export function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  // A header can carry a URL with a credential in it (Referer): its secret query values go too.
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : maskSecretQueryValues(String(value), REDACTED)]));
}

/**
 * Runs in the response's `close` listener (for a large body), when the journal is read, and while
 * the console watches an answer, where a throw would crash the process, fail the read or break the
 * answer: a body that cannot be serialised (too deep, cyclic) is recorded by its kind only.
 */
export function previewBody(body: unknown, replacer?: (key: string, value: unknown) => unknown): unknown {
  if (body === undefined) return undefined;
  let text: string;
  try {
    text = JSON.stringify(body, replacer) ?? '';
  } catch (error) {
    return `(body not recorded: ${(error as Error).name})`;
  }
  if (text.length > BODY_PREVIEW_CHARS) return `${text.slice(0, BODY_PREVIEW_CHARS)}… (${text.length} chars)`;
  // With a replacer the preview is what it wrote, not the body itself.
  return replacer === undefined ? body : text === '' ? undefined : JSON.parse(text);
}
