/**
 * Keeps secrets out of every line and report: known secret values (API keys, secrets) become
 * `***`, and so do Authorization / X-Signature headers and `sign=` query values.
 */
const MIN_SECRET_LENGTH = 4;
const SECRET_HEADERS = new Set(['authorization', 'x-signature', 'cookie']);
const MASK = '***';

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  return function redact(text: string): string {
    let out = text;
    for (const value of values) out = out.split(value).join(MASK);
    return out
      .replace(/(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`)
      .replace(/([?&]sign=)[^&\s"']+/g, `$1${MASK}`);
  };
}

export function redactHeaders(headers: Record<string, string>, redact: Redactor): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? MASK : redact(value)]));
}
