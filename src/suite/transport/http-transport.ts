/**
 * The HTTP transport: fetch to a base URL (a live upstream, or `pixmock serve`). Bodies are read
 * as a stream so server-sent events are validated as they arrive. Given another `fetch` (a mock's
 * fetch adapter), the same requests reach an app in-process, no socket involved.
 *
 * @example
 * const transport = createHttpTransport('https://api.chatfire.site');
 * const inProcess = createHttpTransport('http://chatfire.test', { fetch: (input, init) => server.fetch(new Request(input, init)) });
 */
import { TransportError, type SendOptions, type SuiteRequest, type SuiteResponse, type Transport } from '../types.js';
import { finishResponse, lowerCaseHeaders, pathWithQuery } from './transport-helpers.js';

export interface HttpTransportOptions {
  /** What sends the requests (default: the global `fetch`). */
  fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  description?: string;
}

export function createHttpTransport(baseUrl: string, { fetch: send = fetch, description }: HttpTransportOptions = {}): Transport {
  // Contract paths start with /v1; Dify's docs give the API base as https://host/v1.
  const origin = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return {
    kind: 'http',
    description: description ?? origin,
    async send(request: SuiteRequest, { onChunk, signal }: SendOptions = {}): Promise<SuiteResponse> {
      const started = performance.now();
      const timeout = AbortSignal.timeout(request.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const headers = { ...request.headers };
      let body: string | FormData | undefined;
      if (request.form) {
        const form = new FormData();
        for (const [name, value] of Object.entries(request.form)) {
          if (typeof value === 'string') form.append(name, value);
          else form.append(name, new Blob([value.data], { type: value.contentType }), value.filename);
        }
        body = form;
      } else if (request.json !== undefined || request.rawBody !== undefined) {
        body = request.rawBody ?? JSON.stringify(request.json);
      }
      let response: Response;
      try {
        response = await send(new URL(pathWithQuery(request), `${origin}/`), { method: request.method, headers, body, signal: combined, redirect: 'manual' });
      } catch (error) {
        throw new TransportError(request, timeout.aborted ? `no response within ${request.timeoutMs} ms` : (error as Error).message, { cause: error });
      }
      const firstByteMs = performance.now() - started;
      const chunks: Buffer[] = [];
      let aborted = false;
      try {
        const reader = response.body?.getReader();
        while (reader) {
          const { done, value } = await reader.read();
          if (done) break;
          const chunk = Buffer.from(value);
          chunks.push(chunk);
          onChunk?.(chunk);
        }
      } catch (error) {
        if (!signal?.aborted) throw new TransportError(request, timeout.aborted ? `body not complete within ${request.timeoutMs} ms` : (error as Error).message, { cause: error });
        aborted = true;
      }
      return finishResponse({
        status: response.status,
        headers: lowerCaseHeaders(Object.fromEntries(response.headers)),
        body: Buffer.concat(chunks),
        elapsedMs: performance.now() - started,
        firstByteMs,
        ...(aborted ? { aborted } : {}),
      });
    },
  };
}
