/**
 * Keeps secrets out of every line and report: known secret values (API keys, secrets) become
 * `***`, and so do the credential headers and query parameters named in src/auth/secret-names.ts
 * (the list the mock's journal redacts too) and any Bearer/Basic credential in text.
 */
import { isSecretHeader, isSecretQueryParam, maskSecretQueryValues } from '../auth/index.js';

const MIN_SECRET_LENGTH = 4;
const MASK = '***';

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
