/**
 * The admin API (`/__pixmock/*`) as an express app, served by the node adapter. Its own errors are
 * problem+json; a body it cannot read answers like any other body the upstream cannot read.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { PixmockProblem, type UpstreamContext } from '../core/index.js';
import { ADMIN_PREFIX, createAdminRouter, type AdminRouterOptions } from './admin-router.js';
import { PROBLEM_CONTENT_TYPE } from './error-reply.js';

const BODY_PARSER_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'charset.unsupported': 'invalid_json',
  'encoding.unsupported': 'invalid_json',
  'request.size.invalid': 'invalid_json',
};

/** The catalogue id for a body express.json could not read: by its type, else by its 4xx status (a Content-Encoding that does not match the bytes…). */
function bodyParserErrorId(error: unknown): string | undefined {
  const { type, status } = (error ?? {}) as { type?: string; status?: unknown };
  if (type && Object.hasOwn(BODY_PARSER_ERRORS, type)) return BODY_PARSER_ERRORS[type];
  if (status === 413) return 'payload_too_large';
  return typeof status === 'number' && status >= 400 && status < 500 ? 'invalid_json' : undefined;
}

export function createAdminApp(context: UpstreamContext, options: AdminRouterOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(ADMIN_PREFIX, createAdminRouter(context, options));
  app.use(function answerAdminError(error: unknown, req: Request, res: Response, _next: NextFunction) {
    if (res.headersSent) return void res.destroy();
    if (error instanceof PixmockProblem) return void res.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(error));
    const catalogueId = bodyParserErrorId(error);
    if (!catalogueId) context.logger.error({ err: error, method: req.method, path: req.originalUrl }, 'unexpected error in the admin API');
    const answer = context.error(catalogueId ?? 'internal_error', { method: req.method, path: req.originalUrl, limit: context.limits.bodyBytes });
    res.status(answer.status).set(answer.headers).json(answer.body);
  });
  return app;
}
