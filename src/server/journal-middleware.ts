/** Records each request in the journal once its response has gone out (or the client left). */
import type { NextFunction, Request, Response } from 'express';
import type { RequestJournal } from '../sim/request-journal.js';

const SECRET_HEADERS = new Set(['authorization', 'x-signature', 'x-api-key', 'cookie', 'proxy-authorization']);
/** Dify tool-file URLs carry their credential in the query string. */
const SECRET_QUERY_KEYS = new Set(['sign']);
const BODY_PREVIEW_CHARS = 4096;

export function createJournalMiddleware(journal: RequestJournal, now: () => number) {
  return function journalMiddleware(req: Request, res: Response, next: NextFunction) {
    const at = now();
    const started = performance.now();
    res.once('close', () => {
      journal.record({
        at,
        method: req.method,
        path: req.path,
        query: redactQuery(req.query),
        operationId: res.locals.operationId as string | undefined,
        scenario: res.locals.scenario as string | undefined,
        status: res.headersSent ? res.statusCode : undefined,
        durationMs: Math.round(performance.now() - started),
        headers: redactHeaders(req.headers),
        body: previewBody(req.body),
      });
    });
    next();
  };
}

function redactQuery(query: Request['query']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, SECRET_QUERY_KEYS.has(key) ? '[redacted]' : value]));
}

export function redactHeaders(headers: Request['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name) ? '[redacted]' : String(value)]),
  );
}

/**
 * Runs in the response's `close` listener, where a throw would crash the process: a body that
 * cannot be serialised (too deep, cyclic) is recorded by its kind only.
 */
function previewBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  let text: string;
  try {
    text = JSON.stringify(body) ?? '';
  } catch (error) {
    return `(body not recorded: ${(error as Error).name})`;
  }
  return text.length <= BODY_PREVIEW_CHARS ? body : `${text.slice(0, BODY_PREVIEW_CHARS)}… (${text.length} chars)`;
}
