/**
 * The JSON body parser of every upstream: `express.json` for the JSON types the pipeline
 * validates, with a short path for the body nearly every client sends, and a depth guard after both.
 *
 * The short path takes `application/json` (no charset or utf-8), no Content-Encoding and a
 * Content-Length within the limit, on a request nobody has read yet, and reads it in two stream
 * callbacks. body-parser's general path (raw-body, an iconv decoder, type and charset checks)
 * cost ~0.25 ms more CPU per request while V8 keeps the request path in its baseline tier, as it
 * does at ~70 rendered images/s: about 1.5 % of the image throughput (bench 2). Everything else
 * (chunked, compressed, another charset, too large) goes to `express.json`; the short path fails
 * with the error types express.json uses (`entity.parse.failed`, `request.aborted`), so the error handler
 * cannot tell them apart.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { exceedsJsonDepth } from './json-depth.js';
import type { UpstreamContext } from './upstream-context.js';

/** What the parser parses, and so what the pipeline validates against the contract. */
export const JSON_TYPES = ['application/json', 'application/*+json'];
const PLAIN_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

type BodyParser = (req: Request, res: Response, next: NextFunction) => void;

export function createJsonBodyParser(context: UpstreamContext): BodyParser {
  const limit = context.limits.bodyBytes;
  const general = express.json({ limit, type: JSON_TYPES });
  return function parseJsonBody(req, res, next) {
    const done = (error?: unknown) => {
      if (!error && exceedsJsonDepth(req.body)) {
        next(context.error('invalid_json', { method: req.method, path: req.path, limit }));
        return;
      }
      next(error);
    };
    const length = plainJsonLength(req, limit);
    if (length === undefined) general(req, res, done);
    else readPlainJson(req, length, done);
  };
}

/** The Content-Length of a body the short path can read, or undefined when express.json should. */
function plainJsonLength(req: Request, limit: number): number | undefined {
  // Read already (an outer app parsed it) or unreadable: express.json knows to leave it alone.
  if (!req.readable || !req.socket?.readable) return undefined;
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined || !PLAIN_JSON_TYPES.has(type.toLowerCase())) return undefined;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 && length <= limit ? length : undefined;
}

function readPlainJson(req: Request, length: number, done: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  const onData = (chunk: Buffer) => chunks.push(chunk);
  // The client hung up mid-body (Node reports it as an 'aborted' error): nobody is left to answer.
  const onError = (error: Error) => {
    stopListening();
    done(Object.assign(error, { type: 'request.aborted', status: 400 }));
  };
  const onEnd = () => {
    stopListening();
    const text = Buffer.concat(chunks, length).toString('utf8');
    try {
      req.body = parseJsonText(text);
    } catch (error) {
      done(error);
      return;
    }
    done();
  };
  // Listeners left on a request held for 30–300 s would keep these closures, and the raw bytes, alive.
  function stopListening() {
    req.off('data', onData);
    req.off('error', onError);
    req.off('end', onEnd);
  }
  req.on('data', onData);
  req.once('error', onError);
  req.once('end', onEnd);
}

/** body-parser's strict JSON: an empty body is `{}`, a BOM is dropped, only an object or array at the top. */
function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return {};
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') throw parseFailure(new SyntaxError('A JSON body must be an object or an array.'));
  try {
    return JSON.parse(body);
  } catch (error) {
    throw parseFailure(error as SyntaxError);
  }
}

function parseFailure(error: SyntaxError): SyntaxError {
  return Object.assign(error, { type: 'entity.parse.failed', status: 400, statusCode: 400, expose: true });
}
