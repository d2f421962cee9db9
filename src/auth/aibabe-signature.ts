/**
 * aibabe open-platform request signing (docs-open-platform.aibabe.studio/api/authentication),
 * shared by the aibabe mock (verify) and the contract-suite client (sign).
 *
 * Every request carries `Authorization: Bearer <apiKey>`, `X-Timestamp` (Unix seconds),
 * `X-Signature`, `X-Request-ID` and `X-User-ID`. The signature is the lowercase hex
 * HMAC-SHA256, keyed with the apiSecret, of
 * `METHOD\nPATH\nX-Timestamp\nX-User-ID\ncanonicalQuery\ncanonicalBody`.
 *
 * Canonical fields (query string and top-level JSON body alike): drop null/undefined, empty and
 * whitespace-only strings; trim strings; use values raw (`text=你好`, never URL-encoded); write
 * every other value as compact `JSON.stringify` text in the client's key order (empty `{}` and
 * `[]` are signed); sort keys by UTF-16 code unit (ASCII) order; join `k=v` pairs with `&`.
 * Multipart bodies, non-object bodies and absent bodies sign as `""`.
 *
 * pixmock decides (the docs are silent): nested values are compact `JSON.stringify`; a repeated
 * query key is an array of its values (as Express parses it); an `X-Request-ID` already
 * accepted inside the window is a replay; a malformed `X-Timestamp` counts as out of window;
 * a malformed `Authorization` counts as missing.
 *
 * Returns reason ids only; the caller maps them to the upstream's error catalogue.
 *
 * @example
 * const headers = signRequest({ apiKey, apiSecret, userId: 'user-123', method: 'POST',
 *   path: '/v1/chat/image', body });
 * // server side
 * const result = verifyRequest({ method: req.method, path: req.path, headers: req.headers,
 *   query: req.query, body: req.body, isMultipart: false, now: clock.now(),
 *   lookupSecret: (key) => secrets.get(key), replayGuard });
 */
import { createHmac, randomInt } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { parseBearer } from './bearer-token.js';
import { constantTimeEqual } from './constant-time-equal.js';

/** ±5 minutes, from the authentication page. */
export const AIBABE_SIGNATURE_WINDOW_MS = 300_000;
const DEFAULT_REPLAY_MAX_ENTRIES = 100_000;
const REQUEST_ID_LENGTH = 32;
const ALPHANUMERICS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UNSIGNED_INTEGER = /^\d+$/;

/** Checked in this order; the first one missing is reported. */
export const AIBABE_AUTH_HEADERS = ['authorization', 'x-timestamp', 'x-signature', 'x-request-id', 'x-user-id'] as const;
export type AibabeAuthHeader = (typeof AIBABE_AUTH_HEADERS)[number];

export type AibabeAuthFailureReason =
  | 'missing_header'
  | 'timestamp_expired'
  | 'unknown_key'
  | 'bad_signature'
  | 'replayed_request';

export type VerifyRequestResult =
  | { ok: true; apiKey: string; userId: string; requestId: string }
  | { ok: false; reason: AibabeAuthFailureReason; header?: AibabeAuthHeader };

export type QueryInput = Record<string, unknown> | URLSearchParams;

export interface StringToSignInput {
  method: string;
  /** Path only, without the query string (`/v1/chat/image`). */
  path: string;
  /** Unix seconds, exactly as sent in `X-Timestamp`. */
  timestamp: number | string;
  userId: string;
  query?: QueryInput | undefined;
  /** The parsed JSON body; pass `undefined` for multipart requests. */
  body?: unknown;
}

export interface SignRequestOptions {
  apiKey: string;
  apiSecret: string;
  userId: string;
  method: string;
  path: string;
  query?: QueryInput | undefined;
  /** The JSON body object as it will be serialised with `JSON.stringify`, or multipart `FormData`. */
  body?: unknown;
  /** Multipart upload: the body is not signed and no Content-Type is set. Default: `body instanceof FormData`. */
  isMultipart?: boolean;
  /** Unix seconds. Default: `Math.floor(now() / 1000)`. */
  timestamp?: number;
  /** Default: `randomId()`. */
  requestId?: string;
  /** Epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
  /** Default: 32 random alphanumerics from node:crypto. */
  randomId?: () => string;
}

export type SignedHeaders = Record<string, string>;

export interface ReplayGuard {
  /** True when `requestId` was recorded within the window; otherwise records it and returns false. */
  seen(requestId: string, nowMs: number): boolean;
}

export interface ReplayGuardOptions {
  /** How long a request id is remembered. Default 300000 (the signature window). */
  windowMs?: number;
  /** Upper bound on remembered ids; the least recently seen is forgotten first. Default 100000. */
  maxEntries?: number;
}

export interface VerifyRequestOptions {
  method: string;
  path: string;
  /** Lower-case header names, as Node's `req.headers`. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  query?: QueryInput | undefined;
  body?: unknown;
  isMultipart: boolean;
  /** Server time, epoch milliseconds. */
  now: number;
  lookupSecret: (apiKey: string) => string | undefined;
  /** Omit it to check replays yourself once the signature is valid (the mock checks them against its asynchronous state store). */
  replayGuard?: ReplayGuard;
  /** Accepted clock skew either side. Default 300000. */
  windowMs?: number;
}

export function canonicalQuery(query: QueryInput): string {
  return canonicalFields(query instanceof URLSearchParams ? groupSearchParams(query) : query);
}

export function canonicalBody(body: unknown): string {
  return isPlainObject(body) ? canonicalFields(body) : '';
}

export function stringToSign({ method, path, timestamp, userId, query, body }: StringToSignInput): string {
  return [
    method.toUpperCase(),
    path,
    String(timestamp),
    userId,
    query === undefined ? '' : canonicalQuery(query),
    canonicalBody(body),
  ].join('\n');
}

export function signRequest(options: SignRequestOptions): SignedHeaders {
  const { apiKey, apiSecret, userId, method, path, query, body, now = Date.now, randomId = randomRequestId } = options;
  const isMultipart = options.isMultipart ?? body instanceof FormData;
  const timestamp = options.timestamp ?? Math.floor(now() / 1000);
  const requestId = options.requestId ?? randomId();
  const signed = stringToSign({ method, path, timestamp, userId, query, body: isMultipart ? undefined : body });
  const headers: SignedHeaders = {
    Authorization: `Bearer ${apiKey}`,
    'X-Timestamp': String(timestamp),
    'X-Signature': hmacHex(apiSecret, signed),
    'X-Request-ID': requestId,
    'X-User-ID': userId,
  };
  if (!isMultipart && body !== undefined) headers['Content-Type'] = 'application/json';
  return headers;
}

export function verifyRequest(options: VerifyRequestOptions): VerifyRequestResult {
  const { method, path, headers, query, body, isMultipart, now, lookupSecret, replayGuard } = options;
  const windowMs = options.windowMs ?? AIBABE_SIGNATURE_WINDOW_MS;

  const authorization = parseBearer(headerValue(headers, 'authorization'));
  if (!authorization.ok) return missingHeader('authorization');
  const apiKey = authorization.token.trim();
  const timestamp = headerValue(headers, 'x-timestamp');
  if (timestamp === undefined) return missingHeader('x-timestamp');
  const signature = headerValue(headers, 'x-signature');
  if (signature === undefined) return missingHeader('x-signature');
  const requestId = headerValue(headers, 'x-request-id');
  if (requestId === undefined) return missingHeader('x-request-id');
  const userId = headerValue(headers, 'x-user-id');
  if (userId === undefined) return missingHeader('x-user-id');

  if (!UNSIGNED_INTEGER.test(timestamp) || !(Math.abs(now - Number(timestamp) * 1000) <= windowMs)) {
    return { ok: false, reason: 'timestamp_expired' };
  }

  const apiSecret = lookupSecret(apiKey);
  if (apiSecret === undefined) return { ok: false, reason: 'unknown_key' };

  const expected = hmacHex(
    apiSecret,
    stringToSign({ method, path, timestamp, userId, query, body: isMultipart ? undefined : body }),
  );
  if (!constantTimeEqual(signature, expected)) return { ok: false, reason: 'bad_signature' };

  if (replayGuard?.seen(requestId, now)) return { ok: false, reason: 'replayed_request' };
  return { ok: true, apiKey, userId, requestId };
}

/**
 * Remembers accepted request ids for `windowMs` in a bounded LRU cache. Expiry is
 * driven by the `nowMs` each call passes in (an injected clock), never by wall time or timers.
 *
 * @example
 * const replayGuard = createReplayGuard({ windowMs: 300_000, maxEntries: 10_000 });
 * replayGuard.seen('req-1', clock.now()); // false, now recorded
 * replayGuard.seen('req-1', clock.now()); // true
 */
export function createReplayGuard(options: ReplayGuardOptions = {}): ReplayGuard {
  const { windowMs = AIBABE_SIGNATURE_WINDOW_MS, maxEntries = DEFAULT_REPLAY_MAX_ENTRIES } = options;
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0 || !Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
    throw new RangeError(
      `Failed to create the replay guard: windowMs (${windowMs}) and maxEntries (${maxEntries}) must be positive integers. Pass whole milliseconds and a count.`,
    );
  }
  let clockMs = 0;
  // ttlResolution 0: lru-cache would otherwise reuse an earlier now() for a while of wall time, and the clock is simulated.
  const firstSeenAt = new LRUCache<string, number>({ max: maxEntries, ttl: windowMs, ttlResolution: 0, perf: { now: () => clockMs } });
  return {
    seen(requestId, nowMs) {
      clockMs = nowMs;
      const seenAt = firstSeenAt.get(requestId);
      // Checked again here because lru-cache treats an entry started at time 0 as immortal.
      if (seenAt !== undefined && nowMs - seenAt <= windowMs) return true;
      firstSeenAt.set(requestId, nowMs);
      return false;
    },
  };
}

function canonicalFields(fields: Readonly<Record<string, unknown>>): string {
  const pairs: string[] = [];
  for (const key of Object.keys(fields).sort(compareCodeUnits)) {
    const value = canonicalValue(fields[key]);
    if (value !== undefined) pairs.push(`${key}=${value}`);
  }
  return pairs.join('&');
}

/** `undefined` means "leave the field out of the signature". */
function canonicalValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  // Functions and symbols have no JSON text (undefined) and are left out like undefined.
  return JSON.stringify(value) as string | undefined;
}

function groupSearchParams(params: URLSearchParams): Record<string, string | string[]> {
  const grouped: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    grouped[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return grouped;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerValue(headers: VerifyRequestOptions['headers'], name: AibabeAuthHeader): string | undefined {
  const raw = headers[name];
  const value = (typeof raw === 'string' ? raw : raw?.[0])?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function missingHeader(header: AibabeAuthHeader): VerifyRequestResult {
  return { ok: false, reason: 'missing_header', header };
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

function randomRequestId(): string {
  let id = '';
  for (let i = 0; i < REQUEST_ID_LENGTH; i += 1) id += ALPHANUMERICS.charAt(randomInt(ALPHANUMERICS.length));
  return id;
}
