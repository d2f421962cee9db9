/**
 * Where a user serves an upstream with MSW: an origin, or an origin and a path prefix
 * (`http://localhost:5173/api/chatfire`). The upstream's own paths (`/v1/…`, the contract's) follow it.
 */

export interface BaseUrl {
  /** The base without a trailing slash: what the upstream's links are built on. */
  readonly href: string;
  readonly origin: string;
  /** The path before the upstream's own paths, `''` or `/api/chatfire`. */
  readonly prefix: string;
}

export function parseBaseUrl(upstream: string, text: string): BaseUrl {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new TypeError(`Failed to mock ${upstream} with MSW: its base URL ${JSON.stringify(text)} is no http(s) URL without query or fragment. Give one like "https://api.${upstream}.example" or "http://localhost:5173/api/${upstream}".`);
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  return { href: `${url.origin}${prefix}`, origin: url.origin, prefix };
}

/** The request as the upstream app takes it: the prefix taken off its path, the rest (body, headers, signal) as sent. */
export async function rebaseRequest(request: Request, base: BaseUrl): Promise<Request> {
  if (base.prefix === '') return request;
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(base.prefix.length) || '/';
  // Read whole: a streamed body cannot be handed on in every browser. A mock's bodies are small.
  const body = request.body === null ? null : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
