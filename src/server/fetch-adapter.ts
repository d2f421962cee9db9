/**
 * The WHATWG adapter: answers a `Request` with a `Response` by the same dispatch the node adapter
 * runs — in-process in tests, and wherever a `fetch`-shaped handler is wanted (MSW, a worker).
 * The request's signal is the client: aborting it is the client going away.
 */
import { concatBytes, hasNullBody, JSON_CONTENT_TYPE, MultipartLimitError, type CallRequest, type MultipartFile, type MultipartForm, type MultipartLimits, type Reply, type ReplyStream, type UpstreamContext } from '../core/index.js';
import { sleep } from '../sim/clock.js';
import { ClientGoneError, type ClientConnection } from './client-connection.js';
import { ADMIN_BODY_BYTES, isAdminPath, type AdminApi } from './admin-api.js';
import { errorReply } from './error-reply.js';
import { BodyReadError, isJsonMediaType, jsonCharset, parseJsonBody } from './json-body.js';
import type { AdapterOptions } from './adapter-options.js';
import { isConsolePath } from './console/console-routes.js';
import { captureReply } from './console/reply-capture.js';
import type { ResponseRecord } from '../sim/request-journal.js';
import { parseQuery } from './query-string.js';
import { replyToError, type Dispatch, type ExchangeNotes } from './operation-pipeline.js';
import { presentRequest } from './request-recorder.js';

/** How a `Request` reached the upstream when the client addressed it elsewhere (an MSW handler on a user's base URL). */
export interface FetchOptions {
  /**
   * Where the client addressed the upstream, links included (`http://localhost:5173/api/chatfire`):
   * the links an answer carries are built on it. Default: the request URL's origin.
   */
  origin?: string;
}

export function createFetchHandler(dispatch: Dispatch, context: UpstreamContext, admin: AdminApi, { cors, shelf }: AdapterOptions) {
  return async function fetchUpstream(request: Request, { origin }: FetchOptions = {}): Promise<Response> {
    const at = context.sim.clock.now();
    const started = performance.now();
    const url = new URL(request.url);
    // A WHATWG Request never carries Host: the URL's host is what the client addressed.
    const headers = { host: url.host, ...Object.fromEntries(request.headers) } as Record<string, string>;
    const type = headers['content-type'];
    const call: CallRequest = {
      method: request.method,
      path: url.pathname,
      query: url.search ? parseQuery(url.search.slice(1)) : {},
      headers,
      origin: origin ?? url.origin,
      mediaType: type?.split(';')[0]?.trim().toLowerCase(),
    };
    const connection = fetchConnection(request);
    const notes: ExchangeNotes = {};
    const hasBody = request.body !== null;
    let body: unknown;
    let reply: Reply;
    let answered: ResponseRecord | undefined;
    // The console's own traffic is not journalled.
    let journalled = true;
    if (isAdminPath(call.path)) {
      journalled = !isConsolePath(call.path);
      reply = cors.admin.preflight(call, admin.methodsAt(call.path)) ?? admin.refuse(call) ?? (await answerAdmin(admin, request, call, context));
      reply = cors.admin.decorate(call, reply);
    } else {
      try {
        body = hasBody && isJsonMediaType(call.mediaType) ? await readJsonBody(request, context.limits.bodyBytes) : undefined;
        reply = await dispatch({ request: call, hasBody, body, connection }, notes);
      } catch (error) {
        reply = replyToError(error, context, connection, call);
      }
      if (context.journal.watched) ({ reply, record: answered } = captureReply(reply, shelf, () => context.sim.clock.now()));
      reply = cors.upstream.decorate(call, reply);
    }
    const status = reply.kind === 'none' ? undefined : reply.status;
    const record = () => {
      if (!journalled) return;
      const durationMs = Math.round(performance.now() - started);
      context.journal.recordDeferred({ at, method: call.method, path: call.path, query: call.query, operationId: notes.operationId, scenario: notes.scenario, status, durationMs, headers, body, bodyPreviewed: false, response: answered }, presentRequest);
    };
    // A stream is journalled when it ends, with its events and its whole duration, as the node adapter does.
    if (reply.kind === 'stream') {
      const { write } = reply;
      reply = { ...reply, write: (stream) => write(stream).finally(record) };
    }
    const response = toResponse(reply, request);
    if (reply.kind !== 'stream') record();
    return response;
  };
}

async function answerAdmin(admin: AdminApi, request: Request, call: CallRequest, context: UpstreamContext): Promise<Reply> {
  try {
    const body = request.body !== null && call.mediaType === 'application/json' ? await readJsonBody(request, ADMIN_BODY_BYTES) : undefined;
    return await admin.answer(call, body);
  } catch (error) {
    return errorReply(error, context, call);
  }
}

async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const charset = jsonCharset(request.headers.get('content-type') ?? '');
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyReadError('payload_too_large', `The body is ${declared} bytes, over the ${limit}-byte limit.`);
  const coding = (request.headers.get('content-encoding') ?? 'identity').toLowerCase();
  if (coding !== 'identity' && coding !== 'gzip' && coding !== 'deflate') throw new BodyReadError('invalid_json', `unsupported content encoding "${coding}"`);
  let bytes: Uint8Array;
  try {
    const stream = request.body as ReadableStream<Uint8Array>;
    const decoded = coding === 'identity' ? stream : stream.pipeThrough(new DecompressionStream(coding));
    bytes = new Uint8Array(await new Response(decoded).arrayBuffer());
  } catch (error) {
    throw new BodyReadError('invalid_json', (error as Error).message);
  }
  if (bytes.length > limit) throw new BodyReadError('payload_too_large', `The body is over the ${limit}-byte limit.`);
  return parseJsonBody(bytes, charset);
}

function fetchConnection(request: Request): ClientConnection {
  const { signal } = request;
  return {
    gone: () => signal.aborted,
    onGone(listener) {
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    },
    wait: (sim, simulatedMs) => sleep(sim.clock, sim.toClockMs(simulatedMs), signal).catch(() => Promise.reject(new ClientGoneError())),
    readMultipart: (limits) => readForm(request, limits),
  };
}

/** The form of a multipart request, checked against `limits` once read; undefined when it is no form. */
async function readForm(request: Request, limits: MultipartLimits): Promise<MultipartForm | undefined> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return undefined;
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const files: MultipartFile[] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (new TextEncoder().encode(value).length > limits.fieldBytes) throw new MultipartLimitError('fieldBytes');
      fields[name] = value;
      continue;
    }
    if (value.size > limits.fileBytes) throw new MultipartLimitError('fileBytes');
    files.push({ field: name, filename: value.name, mimeType: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  if (files.length > limits.files) throw new MultipartLimitError('files');
  if (Object.keys(fields).length > limits.fields) throw new MultipartLimitError('fields');
  return { fields, files };
}

function toResponse(reply: Reply, request: Request): Response {
  const head = request.method === 'HEAD';
  switch (reply.kind) {
    case 'none':
      return Response.error();
    case 'json': {
      const headers = new Headers(reply.headers);
      if (!headers.has('content-type')) headers.set('content-type', JSON_CONTENT_TYPE);
      return sized(concatBytes(JSON.stringify(reply.body) ?? ''), reply.status, headers, head);
    }
    case 'bytes':
      return sized(concatBytes(reply.body), reply.status, new Headers(reply.headers), head);
    case 'reset':
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(reply.partialBody));
            controller.error(new Error('The upstream reset the connection.'));
          },
        }),
        { status: reply.status, headers: reply.headers },
      );
    case 'stream':
      return new Response(streamBody(reply.write, request.signal), { status: reply.status, headers: reply.headers });
  }
}

/** A whole body with its Content-Length, as the node adapter sends it (a HEAD answer: the length alone). */
function sized(body: Uint8Array, status: number, headers: Headers, head: boolean): Response {
  if (hasNullBody(status)) return new Response(null, { status, headers });
  headers.set('content-length', String(body.length));
  return new Response(head ? null : body, { status, headers });
}

function streamBody(write: (stream: ReplyStream) => Promise<void>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const controller = new AbortController();
  let closed = false;
  return new ReadableStream({
    start(output) {
      // A client that aborts its request gets its body errored, as a network fetch does.
      const abort = () => {
        if (closed) return;
        closed = true;
        controller.abort(new ClientGoneError());
        output.error(signal.reason);
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      const stream: ReplyStream = {
        write(chunk) {
          if (!closed) output.enqueue(encoder.encode(chunk));
        },
        get backedUp() {
          return (output.desiredSize ?? 1) <= 0;
        },
        get closed() {
          return closed;
        },
        signal: controller.signal,
      };
      void write(stream)
        .catch(() => undefined)
        .finally(() => {
          signal.removeEventListener('abort', abort);
          if (closed) return;
          closed = true;
          output.close();
        });
    },
    cancel() {
      closed = true;
      controller.abort(new ClientGoneError());
    },
  });
}
