/**
 * What a handler answers, with no HTTP framework in sight: JSON, bytes with a content type, an
 * event stream written over time, or a connection cut halfway. The shell's adapters turn a reply
 * into a `node:http` response or a WHATWG `Response`; the helpers set the headers a handler would
 * otherwise forget.
 *
 * @example
 * return json({ task_id: task.id, status: 'pending' });
 * return bytes(png, 'image/png', { headers: { 'Cache-Control': 'private, max-age=60' } });
 * return eventStream({ 'Content-Type': 'text/event-stream' }, async (stream) => { stream.write('data: {}\n\n'); });
 */

export type ReplyHeaders = Readonly<Record<string, string>>;

/** A body serialised as JSON by the adapter, with `Content-Type: application/json; charset=utf-8`. */
export interface JsonReply {
  readonly kind: 'json';
  readonly status: number;
  readonly headers: ReplyHeaders;
  readonly body: unknown;
}

/** Bytes as they are: a string (UTF-8), a byte array, or pieces of either written in order. */
export type ReplyBytes = string | Uint8Array | readonly (string | Uint8Array)[];

export interface BytesReply {
  readonly kind: 'bytes';
  readonly status: number;
  /** Must name the Content-Type; Content-Length is set by the adapter. */
  readonly headers: ReplyHeaders;
  readonly body: ReplyBytes;
}

/** What a stream's writer may do while its reply is open. */
export interface ReplyStream {
  /** Writes now (and so flushes); ignored once the stream is closed. */
  write(chunk: string): void;
  /** True while the client has not read what was written last: skip what can be skipped. */
  readonly backedUp: boolean;
  /** True once the client has gone or the stream ended. */
  readonly closed: boolean;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

export interface StreamReply {
  readonly kind: 'stream';
  readonly status: number;
  readonly headers: ReplyHeaders;
  /** Writes the body over time; the reply ends when the promise settles. */
  readonly write: (stream: ReplyStream) => Promise<void>;
}

/** A connection that dies after the head and the start of a body (the `reset` fault). */
export interface ResetReply {
  readonly kind: 'reset';
  readonly status: number;
  readonly headers: ReplyHeaders;
  readonly partialBody: string;
}

/** Nothing to send: the client has already gone. */
export interface NoReply {
  readonly kind: 'none';
}

export type Reply = JsonReply | BytesReply | StreamReply | ResetReply | NoReply;

export interface ReplyOptions {
  status?: number;
  headers?: ReplyHeaders;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function json(body: unknown, { status = 200, headers = {} }: ReplyOptions = {}): JsonReply {
  return { kind: 'json', status, headers, body };
}

export function bytes(body: ReplyBytes, contentType: string, { status = 200, headers = {} }: ReplyOptions = {}): BytesReply {
  return { kind: 'bytes', status, headers: { 'Content-Type': contentType, ...headers }, body };
}

export function eventStream(headers: ReplyHeaders, write: (stream: ReplyStream) => Promise<void>, status = 200): StreamReply {
  return { kind: 'stream', status, headers, write };
}

export function reset(partialBody: string, { status = 200, headers = {} }: ReplyOptions = {}): ResetReply {
  return { kind: 'reset', status, headers, partialBody };
}

export const NO_REPLY: NoReply = { kind: 'none' };

/** The bytes of a reply body as one array (the fetch adapter, Content-Length). */
export function concatBytes(body: ReplyBytes): Uint8Array {
  const pieces = typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
  const encoder = new TextEncoder();
  const arrays = pieces.map((piece) => (typeof piece === 'string' ? encoder.encode(piece) : piece));
  const out = new Uint8Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}

/** Statuses whose responses never carry a body or a Content-Length (a CORS preflight's 204). */
export function hasNullBody(status: number): boolean {
  return status === 204 || status === 304;
}
