/**
 * The one place errors become replies: upstream-shaped errors as the upstream sends them, body
 * read failures as the upstream's `invalid_json` / `payload_too_large`, pixmock's own problems as
 * problem+json, anything else (a shared state store out of reach too) as the upstream's
 * `internal_error` — never a stack trace.
 */
import { bytes, json, PixmockProblem, UpstreamHttpError, type Reply, type UpstreamContext } from '../core/index.js';
import { StateStoreUnavailableError } from '../sim/state-store-unavailable.js';
import { BodyReadError } from './json-body.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function errorReply(error: unknown, ctx: UpstreamContext, request: { method: string; path: string }): Reply {
  if (error instanceof PixmockProblem) return bytes(JSON.stringify(error), PROBLEM_CONTENT_TYPE, { status: error.status });
  return upstreamErrorReply(toUpstreamError(error, ctx, request));
}

export function upstreamErrorReply(error: UpstreamHttpError): Reply {
  return json(error.body, { status: error.status, headers: error.headers });
}

function toUpstreamError(error: unknown, ctx: UpstreamContext, { method, path }: { method: string; path: string }): UpstreamHttpError {
  if (error instanceof UpstreamHttpError) return error;
  if (error instanceof BodyReadError) return ctx.error(error.catalogueId, { method, path, limit: ctx.limits.bodyBytes });
  // A path parameter with broken percent-encoding (a `%` without two hex digits): no resource has that name.
  if (error instanceof URIError) return ctx.error('route_not_found', { method, path });
  // Redis gone: expected while it restarts, so one line, not a stack per request.
  if (error instanceof StateStoreUnavailableError) {
    ctx.logger.warn({ method, path, err: error.message }, 'state store unavailable');
    return ctx.error('internal_error');
  }
  ctx.logger.error({ err: error, method, path }, 'unexpected error while handling a request');
  return ctx.error('internal_error');
}
