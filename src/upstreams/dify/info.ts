/** GET /v1/info (getInfo): the app's name, description, tags, mode and author from mocks/dify/app.yaml. */
import { json, type OperationHandler } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';

export function createGetInfoHandler(state: DifyState): OperationHandler<DifyPrincipal> {
  const { app } = state.mocks;
  return async function getInfo(call) {
    await call.wait(call.latencyMs());
    return json({ name: app.name, description: app.description, tags: app.tags, mode: app.mode, author_name: app.authorName });
  };
}
