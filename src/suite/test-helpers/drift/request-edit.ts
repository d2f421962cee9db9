/** Wraps the faithful app in a middleware that changes each request before the app sees it. */
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Edits each request before the faithful app sees it (headers only: aibabe bodies are signed). */
export function withRequestEdit(app: RequestListener, edit: (req: Request) => void): RequestListener {
  const outer = express();
  outer.use(function editRequest(req: Request, _res: Response, next: NextFunction) {
    edit(req);
    next();
  });
  outer.use(app as unknown as express.RequestHandler);
  return outer as unknown as RequestListener;
}

/** Adds `Prefer: <preference>` to the requests `applies` selects. */
export function withPrefer(app: RequestListener, applies: (req: Request) => boolean, preference: string): RequestListener {
  return withRequestEdit(app, (req) => {
    if (applies(req)) req.headers.prefer = preference;
  });
}
