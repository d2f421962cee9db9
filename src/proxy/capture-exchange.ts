/**
 * Keeps what `--record` writes of one exchange, beside the bytes and never in their way: the
 * request's JSON body, the response's status and headers, and its body as a person reads it — JSON
 * as JSON, an event stream as events with their time offsets, anything else (an image) as bytes
 * for a file beside the recording. Up to the proxy's judged-body bound; past it the body is noted as
 * not recorded and its copy dropped. Everything but those bytes is redacted before it is written.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { redactHeaders, type Redactor } from '../suite/redact.js';
import { backwardHeaders } from './forward-headers.js';
import type { ProxyJournalEntry } from './proxy-journal.js';
import { createEventCollector, type EventCollector, type RecordedEvent } from './recorded-events.js';

export const RECORDING_FORMAT = 'pixmock-recording/1';
/** Where exchanges no operation documents are recorded, beside the operations' folders. */
export const UNDOCUMENTED_FOLDER = '_undocumented';

export type RecordedBody =
  | { kind: 'empty' }
  | { kind: 'json'; json: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'events'; events: RecordedEvent[] }
  | { kind: 'file'; file: string; contentType: string; bytes: number; sha256: string }
  | { kind: 'not-recorded'; bytes: number; reason: string };

/** One recording file, as written (`<n>-<status>.json`). */
export interface RecordedExchange {
  format: typeof RECORDING_FORMAT;
  upstream: string;
  operationId: string | null;
  recordedAt: string;
  /** `complete`, or `cut` (the upstream stopped mid-body), or `aborted` (the client went away): the body holds what passed. */
  state: ProxyJournalEntry['state'];
  durationMs: number;
  request: { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: RecordedBody };
  response: { status: number; headers: Record<string, string>; body: RecordedBody };
}

/** A recording ready to write: the document, its folder, and the bytes for the file beside it (its name is set when it is numbered). */
export interface Recording {
  upstream: string;
  folder: string;
  status: number;
  document: RecordedExchange;
  attachment?: { extension: string; bytes: Buffer };
}

export interface CaptureExchangeOptions {
  upstream: string;
  redact: Redactor;
  /** The proxy's judged-body bound: no body larger than this is kept. */
  maxBodyBytes: number;
  /** Milliseconds, for event offsets. */
  now?: () => number;
}

export interface ExchangeCapture {
  request(bytes: Buffer): void;
  head(response: IncomingMessage): void;
  chunk(bytes: Buffer): void;
  /** The recording of the exchange the journal entry describes, or none when the upstream never answered. */
  finish(entry: ProxyJournalEntry): Recording | undefined;
}

export function captureExchange({ upstream, redact, maxBodyBytes, now = () => performance.now() }: CaptureExchangeOptions): ExchangeCapture {
  const requestBody = boundedCopy(maxBodyBytes);
  const responseBody = boundedCopy(maxBodyBytes);
  let head: { status: number; headers: Record<string, string>; mediaType: string; startedAt: number } | undefined;
  let events: EventCollector | undefined;

  return {
    request: (bytes) => requestBody.add(bytes),
    head(response) {
      const headers = Object.fromEntries(Object.entries(backwardHeaders(response.headers)).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
      const mediaType = mediaTypeOf(headers);
      head = { status: response.statusCode ?? 0, headers, mediaType, startedAt: now() };
      if (mediaType === 'text/event-stream' && !encoded(headers)) events = createEventCollector(redact);
    },
    chunk(bytes) {
      responseBody.add(bytes);
      if (!head || !events) return;
      if (responseBody.over()) events = undefined;
      else events.feed(bytes, Math.round(now() - head.startedAt));
    },
    finish(entry) {
      if (!head) return undefined;
      const { body, attachment } = events
        ? { body: { kind: 'events' as const, events: events.finish(Math.round(now() - head.startedAt)) }, attachment: undefined }
        : responseRecord(responseBody, head.headers, head.mediaType, redact, maxBodyBytes);
      const document: RecordedExchange = {
        format: RECORDING_FORMAT,
        upstream,
        operationId: entry.operationId ?? null,
        recordedAt: new Date(entry.at).toISOString(),
        state: entry.state,
        durationMs: entry.durationMs ?? 0,
        request: { method: entry.method, path: entry.path, query: entry.query, headers: entry.headers, body: requestRecord(requestBody, entry.headers, redact, maxBodyBytes) },
        response: { status: head.status, headers: redactHeaders(head.headers, redact), body },
      };
      return { upstream, folder: entry.operationId ?? UNDOCUMENTED_FOLDER, status: head.status, document, ...(attachment ? { attachment } : {}) };
    },
  };
}

interface BoundedCopy {
  add(bytes: Buffer): void;
  over(): boolean;
  size(): number;
  bytes(): Buffer;
}

/** A copy of a body that stops keeping it once it passes `limit` bytes, but still counts them. */
function boundedCopy(limit: number): BoundedCopy {
  let chunks: Buffer[] | undefined = [];
  let size = 0;
  return {
    add(bytes) {
      size += bytes.length;
      if (size > limit) chunks = undefined;
      else chunks?.push(bytes);
    },
    over: () => chunks === undefined,
    size: () => size,
    bytes: () => Buffer.concat(chunks ?? []),
  };
}

function requestRecord(copy: BoundedCopy, headers: Record<string, string>, redact: Redactor, limit: number): RecordedBody {
  if (copy.size() === 0) return { kind: 'empty' };
  if (copy.over()) return tooLarge(copy, limit);
  const mediaType = mediaTypeOf(headers);
  const json = isJson(mediaType) ? parseJson(copy.bytes()) : undefined;
  if (json !== undefined) return { kind: 'json', json: redactStrings(json.value, redact) };
  return { kind: 'not-recorded', bytes: copy.size(), reason: `a ${mediaType || 'untyped'} request body is not recorded: only JSON request bodies are` };
}

function responseRecord(copy: BoundedCopy, headers: Record<string, string>, mediaType: string, redact: Redactor, limit: number): { body: RecordedBody; attachment?: Recording['attachment'] } {
  if (copy.size() === 0) return { body: { kind: 'empty' } };
  if (copy.over()) return { body: tooLarge(copy, limit) };
  const bytes = copy.bytes();
  if (!encoded(headers)) {
    const json = isJson(mediaType) ? parseJson(bytes) : undefined;
    if (json !== undefined) return { body: { kind: 'json', json: redactStrings(json.value, redact) } };
    if (mediaType.startsWith('text/')) return { body: { kind: 'text', text: redact(bytes.toString('utf8')) } };
  }
  // Images, other binary, and encoded bodies: the bytes the client got, in a file beside the recording.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    body: { kind: 'file', file: '', contentType: headers['content-type'] ?? 'application/octet-stream', bytes: bytes.length, sha256 },
    attachment: { extension: extensionFor(mediaType), bytes },
  };
}

function tooLarge(copy: BoundedCopy, limit: number): RecordedBody {
  return { kind: 'not-recorded', bytes: copy.size(), reason: `a body larger than ${limit} bytes (the proxy's judged-body bound) is passed on but not recorded` };
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'application/pdf': 'pdf' };

/** A file named by its content type, so an image opens as one; anything else is `.bin`. */
function extensionFor(mediaType: string): string {
  return EXTENSIONS[mediaType] ?? 'bin';
}

function mediaTypeOf(headers: Record<string, string>): string {
  return headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json$/.test(mediaType);
}

function encoded(headers: Record<string, string>): boolean {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  return encoding !== undefined && encoding !== '' && encoding !== 'identity';
}

function parseJson(bytes: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    // Not JSON after all: recorded as what it is.
    return undefined;
  }
}

/** Every string in a JSON value, redacted: a key, a Bearer token or a `sign=` URL anywhere in a body is masked. */
function redactStrings(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  return value;
}
