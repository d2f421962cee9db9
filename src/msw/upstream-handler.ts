/**
 * One MSW handler over one upstream app: every request under the upstream's base URL goes to the
 * app's WHATWG `fetch` adapter, the same dispatch `pixmock serve` runs, and its `Response` is MSW's
 * answer. The request's signal reaches the adapter, so a page or a test aborting a fetch ends the
 * simulated wait behind it.
 */
import { http, type HttpHandler } from 'msw';
import type { FetchOptions } from '../server/fetch-adapter.js';
import { rebaseRequest, type BaseUrl } from './base-url.js';

/** What a handler needs of an upstream app. */
export interface FetchableUpstream {
  fetch(request: Request, options?: FetchOptions): Promise<Response>;
}

export function createUpstreamHandler(base: BaseUrl, app: FetchableUpstream): HttpHandler {
  return http.all(`${base.href}/*`, async ({ request }) => app.fetch(await rebaseRequest(request, base), { origin: base.href }));
}
