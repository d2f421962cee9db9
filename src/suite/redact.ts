/**
 * Keeps secrets out of every line and report: known secret values (API keys, secrets) become
 * `***`, and so do the credential headers and query parameters named in src/auth/secret-names.ts
 * (the list the mock's journal redacts too) and any Bearer/Basic credential in text. An exchange
 * kept in a result keeps no request body, and no response body once it is large.
 */
import { isSecretHeader, isSecretQueryParam, maskSecretQueryValues } from '../auth/index.js';
import type { Exchange, Finding } from './types.js';

const MIN_SECRET_LENGTH = 4;
const MASK = '***';
/** Bodies larger than this are dropped from the result once checked (images, oversize payloads). */
const KEPT_BODY_BYTES = 64 * 1024;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  return function redact(text: string): string {
    let out = text;
    for (const value of values) out = out.split(value).join(MASK);
    return maskSecretQueryValues(out.replace(/(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`), MASK);
  };
}

export function redactHeaders(headers: Record<string, string>, redact: Redactor): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name) ? MASK : redact(value)]));
}

export function redactQuery(query: Record<string, string>, redact: Redactor): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, isSecretQueryParam(name) ? MASK : redact(value)]));
}

export function redactExchange(exchange: Exchange, redact: Redactor): Exchange {
  const { json: _json, rawBody: _rawBody, form: _form, ...request } = exchange.request;
  const response = exchange.response && exchange.response.body.length > KEPT_BODY_BYTES ? { ...exchange.response, body: Buffer.alloc(0), json: undefined } : exchange.response;
  return { ...exchange, ...(response ? { response } : {}), request: { ...request, path: redact(request.path), headers: redactHeaders(request.headers, redact), ...(request.query ? { query: redactQuery(request.query, redact) } : {}) } };
}

export function redactFinding(finding: Finding, redact: Redactor): Finding {
  return { ...finding, received: redact(finding.received), documented: redact(finding.documented), message: redact(finding.message) };
}
