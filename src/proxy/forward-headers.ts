/**
 * The request headers a proxy passes on: all of them but the hop-by-hop ones (RFC 9110 §7.6.1 and
 * those the Connection header names), with Host set to the target's so a virtual host answers.
 * Everything a signature covers (path, query, body, the auth headers) passes untouched.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export function forwardHeaders(headers: IncomingHttpHeaders, targetHost: string): OutgoingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = value;
  }
  out.host = targetHost;
  return out;
}

/** The response headers a proxy passes back: all but the hop-by-hop ones (Node frames the body itself). */
export function backwardHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)));
}
