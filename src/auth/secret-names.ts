/**
 * The names whose values are credentials, in one place: the mock's request journal and the
 * contract suite's reporters redact the same headers and query parameters. Compared without
 * regard to case (`SIGN=` is `sign=`).
 *
 * @example
 * isSecretQueryParam('Access_Token'); // true
 */

/**
 * Query parameters that carry a credential: Dify's tool-file `sign`, and the names APIs commonly
 * give a key, token or signature passed in the URL.
 */
export const SECRET_QUERY_PARAMS: readonly string[] = ['sign', 'signature', 'token', 'access_token', 'api_key', 'apikey', 'key', 'secret'];

/** Request headers that carry a credential (aibabe signs with `X-Signature`). */
export const SECRET_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'x-signature', 'x-api-key', 'cookie'];

const QUERY_NAMES = new Set(SECRET_QUERY_PARAMS);
const HEADER_NAMES = new Set(SECRET_HEADERS);

export function isSecretQueryParam(name: string): boolean {
  return QUERY_NAMES.has(name.toLowerCase());
}

export function isSecretHeader(name: string): boolean {
  return HEADER_NAMES.has(name.toLowerCase());
}

const QUERY_IN_TEXT = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#\\s"']+`, 'gi');

/** `text` (a URL, a log line) with the value of every `?name=` / `&name=` secret parameter replaced by `mask`. */
export function maskSecretQueryValues(text: string, mask: string): string {
  return text.replace(QUERY_IN_TEXT, `$1${mask}`);
}
