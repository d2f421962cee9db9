/**
 * CORS, so a web app in a browser can call the simulated upstreams (on by default, as in Prism).
 * A preflight for a path the upstream serves is answered 204 with the requested method and headers
 * reflected; every answer to a request with an allowed `Origin` names it back and exposes the
 * response headers the contract documents. `Vary: Origin` goes on every answer to a page and on
 * every cacheable one (an image shown by `<img>` and then fetched must not come from the cache). Credentials are allowed only when an
 * explicit origin list is configured, since reflecting any origin with credentials would let every
 * site act as the user. Requests without `Origin` (every non-browser client) are left untouched.
 */
import type { CallRequest, Reply, ReplyHeaders } from '../core/index.js';

export interface CorsOptions {
  /** Answer preflights and add CORS headers (default true). */
  enabled?: boolean;
  /** The only origins allowed (`https://app.example:3000`), with credentials; default: any origin, without. */
  origins?: readonly string[];
}

interface CorsPolicyOptions extends CorsOptions {
  /** The response headers a page may need to read (the contract's documented ones). */
  exposedHeaders?: readonly string[];
}

export interface CorsPolicy {
  /** The answer to a CORS preflight for a path that serves `methods`; undefined when `request` is not one or CORS is off. */
  preflight(request: CallRequest, methods: readonly string[]): Reply | undefined;
  /** `reply` with the CORS headers its request's origin is allowed. */
  decorate(request: CallRequest, reply: Reply): Reply;
}

/** The upstream's policy, and the admin API's (closed to other origins unless some are listed). */
export interface CorsPolicies {
  upstream: CorsPolicy;
  admin: CorsPolicy;
}

/** How long a browser may reuse a preflight's answer: Chromium's own ceiling, so a page asks once per route. */
const PREFLIGHT_MAX_AGE_SECONDS = '7200';

/** Headers a page can read without being told (the CORS-safelisted response headers). */
const SAFELISTED_RESPONSE_HEADERS = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);

/** A policy that adds nothing: CORS off, or the admin API with no origin given. */
export const NO_CORS: CorsPolicy = {
  preflight: () => undefined,
  decorate: (_request, reply) => reply,
};

export function createCorsPolicy({ enabled = true, origins, exposedHeaders = [] }: CorsPolicyOptions): CorsPolicy {
  if (!enabled) return NO_CORS;
  const allowed = origins === undefined ? undefined : new Set(origins.map(normalizeOrigin));
  const expose = exposedHeaders.filter((name) => !SAFELISTED_RESPONSE_HEADERS.has(name.toLowerCase())).join(', ');
  const isAllowed = (origin: string) => allowed === undefined || allowed.has(normalizeOrigin(origin));

  return {
    preflight(request, methods) {
      const { origin, 'access-control-request-method': requested, 'access-control-request-headers': requestedHeaders } = request.headers;
      if (request.method !== 'OPTIONS' || origin === undefined || requested === undefined || methods.length === 0) return undefined;
      const headers: Record<string, string> = {
        'Access-Control-Allow-Methods': methods.includes(requested.toUpperCase()) ? requested.toUpperCase() : methods.join(', '),
        Vary: 'Access-Control-Request-Method, Access-Control-Request-Headers',
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
      };
      if (requestedHeaders !== undefined && requestedHeaders.trim() !== '') headers['Access-Control-Allow-Headers'] = requestedHeaders;
      // No Content-Type: a 204 has no body to type.
      return { kind: 'bytes', status: 204, headers, body: '' };
    },
    decorate(request, reply) {
      const { origin } = request.headers;
      if (reply.kind === 'none') return reply;
      // A cached answer must not be reused for a page on another origin (an image shown, then fetched).
      if (origin === undefined) return reply.kind === 'bytes' && isCacheable(reply.headers) ? { ...reply, headers: withVaryOrigin(reply.headers) } : reply;
      const headers = withVaryOrigin(reply.headers);
      if (!isAllowed(origin)) return { ...reply, headers };
      headers['Access-Control-Allow-Origin'] = origin;
      if (allowed !== undefined) headers['Access-Control-Allow-Credentials'] = 'true';
      if (expose !== '' && request.method !== 'OPTIONS') headers['Access-Control-Expose-Headers'] = expose;
      return { ...reply, headers };
    },
  };
}

/** Origins compare as the browser sends them: scheme and host in lower case, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

function isCacheable(headers: ReplyHeaders): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'cache-control');
}

/** The headers, copied, with `Origin` added to their `Vary` (whatever case the reply wrote it in). */
function withVaryOrigin(replyHeaders: ReplyHeaders): Record<string, string> {
  const headers = { ...replyHeaders };
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'vary');
  const vary = name === undefined ? '' : headers[name];
  if (name !== undefined) delete headers[name];
  headers.Vary = vary === undefined || vary === '' ? 'Origin' : `${vary}, Origin`;
  return headers;
}
