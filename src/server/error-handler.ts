/**
 * The one place errors become responses: upstream-shaped errors as the upstream sends them,
 * body-parser failures as the upstream's `invalid_json` / `payload_too_large`, pixmock's own
 * problems as problem+json, anything else as the upstream's `internal_error` — never a stack trace.
 */
import type { NextFunction, Request, Response } from 'express';
import type { UpstreamContext } from './upstream-context.js';
import { PixmockProblem, UpstreamHttpError } from './upstream-http-error.js';

const BODY_PARSER_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'charset.unsupported': 'invalid_json',
  'encoding.unsupported': 'invalid_json',
  // Content-Length that does not match the bytes sent.
  'request.size.invalid': 'invalid_json',
};

export function createErrorHandler(context: UpstreamContext) {
  return function errorHandler(error: unknown, req: Request, res: Response, _next?: NextFunction) {
    if (isAbort(error, res)) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof PixmockProblem) {
      res.status(error.status).type('application/problem+json').send(JSON.stringify(error));
      return;
    }
    const upstreamError = error instanceof UpstreamHttpError ? error : toUpstreamError(error, req, context);
    res.status(upstreamError.status).set(upstreamError.headers).json(upstreamError.body);
  };
}

function toUpstreamError(error: unknown, req: Request, ctx: UpstreamContext): UpstreamHttpError {
  const catalogueId = clientErrorId(error);
  if (catalogueId) return ctx.error(catalogueId, { method: req.method, path: req.path, limit: ctx.limits.bodyBytes });
  ctx.logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error while handling a request');
  return ctx.error('internal_error');
}

/** The catalogue id for a request the client got wrong before any handler ran, if it is one. */
function clientErrorId(error: unknown): string | undefined {
  const { type, status, statusCode } = (error ?? {}) as { type?: string; status?: unknown; statusCode?: unknown };
  if (type && Object.hasOwn(BODY_PARSER_ERRORS, type)) return BODY_PARSER_ERRORS[type];
  // A path parameter with broken percent-encoding (`%E0%A4%A`): no resource has that name.
  if (error instanceof URIError) return 'route_not_found';
  // body-parser marks what it could not read with a 4xx: a Content-Encoding (gzip, deflate, br)
  // that does not match the bytes, a Content-Length that does not match the body…
  const code = typeof status === 'number' ? status : statusCode;
  if (code === 413) return 'payload_too_large';
  if (typeof code === 'number' && code >= 400 && code < 500) return 'invalid_json';
  return undefined;
}

/** A client that went away mid-wait needs no answer. */
function isAbort(error: unknown, res: Response): boolean {
  return res.destroyed || ((error ?? {}) as { type?: string }).type === 'request.aborted';
}
