/**
 * The `node:http` adapter: turns a request into an {@link IncomingCall} (path, query parsed the way
 * express's `extended` parser does, headers, origin, the JSON body read within its limit, the
 * socket as the client), runs the dispatch, and writes the {@link Reply}. `/__pixmock/*` goes to the
 * admin app. Every request is recorded in the journal once its response is over.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasNullBody, JSON_CONTENT_TYPE, type CallRequest, type MultipartForm, type MultipartLimits, type Reply, type ReplyHeaders, type ReplyStream, type UpstreamContext } from '../core/index.js';
import type { Simulation } from '../sim/simulation.js';
import { ADMIN_BODY_BYTES, isAdminPath, type AdminApi } from './admin-api.js';
import { ClientGoneError, type ClientConnection } from './client-connection.js';
import { isClientGone, listenForClose, onClientGone } from './client-gone.js';
import { isJsonMediaType } from './json-body.js';
import { hasBody, readJsonBody, readMultipart } from './node-body.js';
import { errorReply } from './error-reply.js';
import type { AdapterOptions } from './adapter-options.js';
import { isConsolePath } from './console/console-routes.js';
import { captureReply } from './console/reply-capture.js';
import { parseQuery } from './query-string.js';
import { replyToError, type Dispatch, type IncomingCall } from './operation-pipeline.js';
import { recordNodeExchange, startNodeExchange, type NodeExchange } from './request-recorder.js';

const NO_QUERY: Readonly<Record<string, unknown>> = Object.freeze({});

export function createNodeListener(dispatch: Dispatch, context: UpstreamContext, admin: AdminApi, { cors, shelf }: AdapterOptions) {
  return function handleUpstreamRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const query = queryAt < 0 ? NO_QUERY : parseQuery(url.slice(queryAt + 1));
    const exchange = startNodeExchange(req, context.sim.clock.now(), path, query);
    const request = callRequest(req, path, query);
    if (isAdminPath(path)) void serveAdmin(req, res, request, exchange);
    else serve(req, res, request, exchange);
  };

  /**
   * Not an async function: while a request is held, what it keeps here is one reaction to its reply
   * rather than a suspended frame, and held requests are many.
   */
  function serve(req: IncomingMessage, res: ServerResponse, request: CallRequest, exchange: NodeExchange): void {
    const connection = new NodeConnection(req, res);
    const bodySent = hasBody(req);
    const answerReply = (reply: Reply) => finish(req, res, request, exchange, reply);
    const answerError = (error: unknown) => finish(req, res, request, exchange, replyToError(error, context, connection, request));
    if (!bodySent || !isJsonMediaType(request.mediaType)) return start({ request, hasBody: bodySent, body: undefined, connection }, exchange, answerReply, answerError);
    jsonBodyOf(req, context.limits.bodyBytes).then((body) => {
      exchange.body = body;
      start({ request, hasBody: true, body, connection }, exchange, answerReply, answerError);
    }, answerError);
  }

  /**
   * The reply's promise is reacted to where it is made, not handed out of a `.then`: a held call
   * keeps one promise and one reaction fewer when its body was read first.
   */
  function start(incoming: IncomingCall, exchange: NodeExchange, answerReply: (reply: Reply) => void, answerError: (error: unknown) => void): void {
    try {
      dispatch(incoming, exchange).then(answerReply, answerError);
    } catch (error) {
      answerError(error);
    }
  }

  function finish(req: IncomingMessage, res: ServerResponse, request: CallRequest, exchange: NodeExchange, reply: Reply): void {
    if (context.journal.watched) ({ reply, record: exchange.response } = captureReply(reply, shelf, () => context.sim.clock.now()));
    const answering = answer(req, res, cors.upstream.decorate(request, reply), exchange);
    if (!context.logger.isLevelEnabled('debug')) return;
    // The path without its query: a query may carry a credential (a tool file's sign).
    const logAnswered = () => context.logger.debug({ method: request.method, path: request.path, operationId: exchange.operationId, status: res.headersSent ? res.statusCode : undefined }, 'answered');
    if (answering) void answering.then(logAnswered);
    else logAnswered();
  }

  /**
   * Writes the reply and records the exchange (unless it is the console's own); a promise only for
   * a reply written over time (an event stream), so the usual answer costs no turn of the event loop.
   * Never throws or rejects.
   */
  function answer(req: IncomingMessage, res: ServerResponse, reply: Reply, exchange: NodeExchange, journalled = true): Promise<void> | undefined {
    const record = () => {
      if (journalled) recordNodeExchange(context.journal, req, res, exchange);
    };
    let writing: Promise<void> | undefined;
    try {
      writing = writeReply(req, res, reply);
    } catch (failure) {
      failedToWrite(req, res, exchange, failure);
    }
    if (!writing) {
      record();
      return undefined;
    }
    return writing.then(record, (failure: unknown) => {
      failedToWrite(req, res, exchange, failure);
      record();
    });
  }

  function failedToWrite(req: IncomingMessage, res: ServerResponse, exchange: NodeExchange, failure: unknown): void {
    context.logger.error({ err: failure, method: req.method, path: exchange.path }, 'failed to write an answer');
    res.destroy();
  }

  async function serveAdmin(req: IncomingMessage, res: ServerResponse, request: CallRequest, exchange: NodeExchange): Promise<void> {
    let reply = cors.admin.preflight(request, admin.methodsAt(request.path)) ?? admin.refuse(request);
    if (!reply) {
      try {
        const body = hasBody(req) && request.mediaType === 'application/json' ? await jsonBodyOf(req, ADMIN_BODY_BYTES) : undefined;
        exchange.body = body;
        reply = await admin.answer(request, body);
      } catch (error) {
        reply = errorReply(error, context, request);
      }
    }
    const answering = answer(req, res, cors.admin.decorate(request, reply), exchange, !isConsolePath(request.path));
    if (answering) await answering;
  }
}

function callRequest(req: IncomingMessage, path: string, query: Readonly<Record<string, unknown>>): CallRequest {
  const { headers } = req;
  const type = headers['content-type'];
  const semicolon = type?.indexOf(';') ?? -1;
  return {
    method: req.method ?? 'GET',
    path,
    query,
    // Node joins repeated request headers into one string; only `set-cookie`, which no request
    // sends, would be an array.
    headers: headers as Readonly<Record<string, string | undefined>>,
    origin: `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${headers.host ?? 'localhost'}`,
    mediaType: type === undefined ? undefined : (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase(),
  };
}

/**
 * The JSON body: read here, or, when middleware in front (an express app the upstream is mounted
 * in) has already read and parsed it, the one it left on the request. Either way it is left on the
 * request, as body-parser leaves it, for middleware around the app.
 */
async function jsonBodyOf(req: IncomingMessage & { body?: unknown }, limit: number): Promise<unknown> {
  if (!req.readable && req.body !== undefined) return req.body;
  req.body = await readJsonBody(req, limit);
  return req.body;
}

/** The client as its socket tells it: a class, whose methods every request shares, since held requests keep theirs. */
class NodeConnection implements ClientConnection {
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  gone(): boolean {
    return isClientGone(this.res);
  }

  onGone(listener: () => void): () => void {
    const { res } = this;
    const stop = onClientGone(res, listener);
    res.once('finish', stop);
    return () => {
      stop();
      res.off('finish', stop);
    };
  }

  wait(sim: Simulation, simulatedMs: number): Promise<void> {
    return waitUnlessClosed(sim, simulatedMs, this.res);
  }

  readMultipart(limits: MultipartLimits): Promise<MultipartForm | undefined> {
    return readMultipart(this.req, limits);
  }
}

/**
 * A simulated wait that rejects when the client leaves first: two closures and one listener on
 * the connection, no AbortController, since ten thousand held chat images are ten thousand of these.
 */
function waitUnlessClosed(sim: Simulation, simulatedMs: number, res: ServerResponse): Promise<void> {
  if (isClientGone(res)) return Promise.reject(new ClientGoneError());
  const { clock } = sim;
  const { socket } = res.req;
  return new Promise((resolve, reject) => {
    const onClose = () => {
      if (res.writableFinished) return;
      clock.clearTimer(timer);
      reject(new ClientGoneError());
    };
    const timer = clock.setTimer(() => {
      socket.off('close', onClose);
      resolve();
    }, sim.toClockMs(simulatedMs));
    listenForClose(socket, onClose);
  });
}

/**
 * Writes a reply; a HEAD request gets the head only. Returns a promise only for a reply written
 * over time (an event stream): the others are written at once.
 */
export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> | undefined {
  if (res.headersSent || res.destroyed) return undefined;
  const head = req.method === 'HEAD';
  switch (reply.kind) {
    case 'none':
      if (!isClientGone(res)) res.destroy();
      return undefined;
    case 'json': {
      const text = JSON.stringify(reply.body) ?? '';
      res.writeHead(reply.status, jsonHead(reply.headers, Buffer.byteLength(text)));
      res.end(head ? undefined : text);
      return undefined;
    }
    case 'bytes': {
      const pieces = typeof reply.body === 'string' || reply.body instanceof Uint8Array ? [reply.body] : reply.body;
      const length = pieces.reduce((sum, piece) => sum + (typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length), 0);
      res.writeHead(reply.status, hasNullBody(reply.status) ? reply.headers : { ...reply.headers, 'Content-Length': String(length) });
      if (head) {
        res.end();
        return undefined;
      }
      // Corked, so the pieces leave in one writev (end() uncorks).
      res.cork();
      for (const piece of pieces) res.write(piece);
      res.end();
      return undefined;
    }
    case 'reset':
      res.writeHead(reply.status, reply.headers);
      res.write(reply.partialBody);
      req.socket.destroy();
      return undefined;
    case 'stream':
      return writeStream(res, reply.status, reply.headers, reply.write);
  }
}

/** The head of a JSON reply: its own headers, Content-Type unless it names one, and Content-Length. */
function jsonHead(headers: ReplyHeaders, length: number): Record<string, string> {
  const head: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE };
  for (const name in headers) {
    if (name.toLowerCase() === 'content-type') delete head['Content-Type'];
    head[name] = headers[name]!;
  }
  head['Content-Length'] = String(length);
  return head;
}

async function writeStream(res: ServerResponse, status: number, headers: ReplyHeaders, write: (stream: ReplyStream) => Promise<void>): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  const controller = new AbortController();
  let closed = false;
  const close = () => {
    closed = true;
    controller.abort(new ClientGoneError());
  };
  const stopListening = onClientGone(res, close);
  const stream: ReplyStream = {
    write(chunk) {
      if (!closed && !res.writableEnded && !res.destroyed) res.write(chunk);
    },
    get backedUp() {
      return res.writableNeedDrain;
    },
    get closed() {
      return closed;
    },
    signal: controller.signal,
  };
  try {
    await write(stream);
  } finally {
    stopListening();
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}
