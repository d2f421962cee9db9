/**
 * Bearer `Authorization` header parsing with the semantics of Dify's
 * `validate_and_get_api_token` (langgenius/dify `api/controllers/service_api/wraps.py`):
 *
 * 1. header absent, or without a literal space character → `missing_header`
 *    (Dify: "Authorization header must be provided and start with 'Bearer'");
 * 2. split once on whitespace exactly like Python's `str.split(None, 1)`: leading whitespace is
 *    skipped, the scheme ends at the first whitespace run, the token is the rest (trailing
 *    whitespace kept);
 * 3. scheme lower-cased is not `bearer` → `bad_scheme` ("Authorization scheme must be 'Bearer'");
 * 4. `checkBearer` only: the token is not known → `invalid_token` ("Access token is invalid").
 *
 * One case differs: a header holding a space but only one whitespace-separated field (e.g.
 * `"Bearer \u00a0"`) makes Dify's tuple unpacking raise `ValueError`, which Dify answers with
 * 400 `invalid_param`. We return `missing_header` for it. Over HTTP it needs a non-ASCII
 * whitespace byte, because servers trim spaces and tabs from header values.
 *
 * Returns reason ids only; the caller maps them to its upstream's error catalogue.
 *
 * @example
 * const result = checkBearer(req.headers.authorization, (token) => appKeys.has(token));
 * if (!result.ok) throw catalogueError(`unauthorized_${result.reason}`);
 */

export type BearerFailureReason = 'missing_header' | 'bad_scheme';
export type CheckBearerFailureReason = BearerFailureReason | 'invalid_token';

export type ParseBearerResult = { ok: true; token: string } | { ok: false; reason: BearerFailureReason };
export type CheckBearerResult = { ok: true; token: string } | { ok: false; reason: CheckBearerFailureReason };

/** The characters Python's `str.split()` treats as whitespace (`str.isspace`). */
const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** `scheme, token = value.split(None, 1)`: leading whitespace, scheme, whitespace run, rest. */
const SPLIT_ONCE = new RegExp(`^[${PYTHON_WHITESPACE}]*([^${PYTHON_WHITESPACE}]+)[${PYTHON_WHITESPACE}]+([^${PYTHON_WHITESPACE}][\\s\\S]*)$`, 'u');

export function parseBearer(authorizationHeader: string | undefined): ParseBearerResult {
  if (authorizationHeader === undefined || !authorizationHeader.includes(' ')) {
    return { ok: false, reason: 'missing_header' };
  }
  const match = SPLIT_ONCE.exec(authorizationHeader);
  const scheme = match?.[1];
  const token = match?.[2];
  if (scheme === undefined || token === undefined) {
    return { ok: false, reason: 'missing_header' };
  }
  if (scheme.toLowerCase() !== 'bearer') {
    return { ok: false, reason: 'bad_scheme' };
  }
  return { ok: true, token };
}

export function checkBearer(
  authorizationHeader: string | undefined,
  isKnownToken: (token: string) => boolean,
): CheckBearerResult {
  const parsed = parseBearer(authorizationHeader);
  if (!parsed.ok) return parsed;
  if (!isKnownToken(parsed.token)) return { ok: false, reason: 'invalid_token' };
  return parsed;
}
