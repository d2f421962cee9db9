/** GET /v1/info (getInfo): the app's name, description, tags, mode and author from mocks/dify/app.yaml. */
import type { Request, Response } from 'express';
import type { OperationCall, OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { difyMocks } from './dify-mocks.js';

export function createGetInfoHandler(ctx: UpstreamContext): OperationHandler {
  const { app } = difyMocks(ctx);
  return async function getInfo(_req: Request, res: Response, call: OperationCall) {
    await call.wait(call.latencyMs());
    res.json({ name: app.name, description: app.description, tags: app.tags, mode: app.mode, author_name: app.authorName });
  };
}
