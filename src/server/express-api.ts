/**
 * Requests and responses that carry express's API (`req.is`, `req.query`, `res.json`, `res.type`…)
 * from the start, so an operation runs without express's router. express gives a request its API
 * with `Object.setPrototypeOf(req, app.request)` on every request, which leaves V8 unable to
 * optimise later access to both objects: measured here, a bare express 5 app spent ~65 µs of CPU
 * per JSON answer, the same `res.json` on these classes ~15 µs (benchmark 1 in bench/RESULTS.md
 * shows what it does for pixmock).
 * `listen` builds its server with them; a request from another server (supertest's, a user's
 * express app) is adopted with one `setPrototypeOf`, exactly what express would have done.
 */
import express, { type Express, type Request, type Response } from 'express';
import { IncomingMessage, ServerResponse } from 'node:http';

export class ExpressRequest extends IncomingMessage {}
export class ExpressResponse<Req extends IncomingMessage = IncomingMessage> extends ServerResponse<Req> {}

Object.defineProperties(ExpressRequest.prototype, Object.getOwnPropertyDescriptors(express.request));
Object.defineProperties(ExpressResponse.prototype, Object.getOwnPropertyDescriptors(express.response));

/**
 * Gives `req` and `res` what express's `app.handle` gives them (API, `app` for its settings,
 * `req.res`, `res.req`, `res.locals`) and returns them typed as express's.
 */
export function withExpressApi(app: Express, req: IncomingMessage, res: ServerResponse): { req: Request; res: Response } {
  if (!(req instanceof ExpressRequest)) Object.setPrototypeOf(req, ExpressRequest.prototype);
  if (!(res instanceof ExpressResponse)) Object.setPrototypeOf(res, ExpressResponse.prototype);
  const request = req as Request;
  const response = res as Response;
  request.app = app;
  response.app = app;
  request.res = response;
  response.req = request;
  response.locals ??= Object.create(null) as Response['locals'];
  return { req: request, res: response };
}
