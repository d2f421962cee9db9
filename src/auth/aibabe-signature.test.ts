import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalBody,
  canonicalQuery,
  createReplayGuard,
  signRequest,
  stringToSign,
  verifyRequest,
  type SignRequestOptions,
  type VerifyRequestOptions,
} from './aibabe-signature.js';

const API_KEY = 'ak-test-key';
const API_SECRET = 'sk-test-secret';
const TIMESTAMP = 1_742_000_000;
const NOW_MS = TIMESTAMP * 1000;
const DOC_EXAMPLE = 'POST\n/v1/chat/stream\n1742000000\nuser-123\n\nagentId=agent-uuid&conversationId=conv-uuid&text=你好';
/** HMAC-SHA256(sk-test-secret, DOC_EXAMPLE) computed with `openssl dgst -sha256 -hmac` and Python's hmac. */
const DOC_EXAMPLE_SIGNATURE = '127e5102ae5843902a237f8d956a7588ecc7471dcdc433179aa06c64739d68b8';

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function signed(overrides: Partial<SignRequestOptions> = {}): SignRequestOptions & { headers: Record<string, string> } {
  const options: SignRequestOptions = {
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    userId: 'user-123',
    method: 'POST',
    path: '/v1/chat/image',
    body: { agentId: 'agent-uuid', conversationId: 'conv-uuid', text: '你好', metadata: {} },
    timestamp: TIMESTAMP,
    requestId: 'Req0000000000000000000000000001A',
    ...overrides,
  };
  return { ...options, headers: lowerCaseKeys(signRequest(options)) };
}

function verifyOptions(
  request: ReturnType<typeof signed>,
  overrides: Partial<VerifyRequestOptions> = {},
): VerifyRequestOptions {
  return {
    method: request.method,
    path: request.path,
    headers: request.headers,
    query: request.query,
    body: request.body,
    isMultipart: false,
    now: NOW_MS,
    lookupSecret: (apiKey) => (apiKey === API_KEY ? API_SECRET : undefined),
    replayGuard: createReplayGuard(),
    ...overrides,
  };
}

describe('signing', () => {
  it('builds the documented string to sign for the worked example', () => {
    const message = stringToSign({
      method: 'POST',
      path: '/v1/chat/stream',
      timestamp: TIMESTAMP,
      userId: 'user-123',
      body: { agentId: 'agent-uuid', conversationId: 'conv-uuid', text: '你好' },
    });
    expect(message).toBe(DOC_EXAMPLE);
  });

  it('signs the worked example with lowercase hex HMAC-SHA256 keyed by the api secret', () => {
    const headers = signRequest({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      userId: 'user-123',
      method: 'post',
      path: '/v1/chat/stream',
      body: { agentId: 'agent-uuid', conversationId: 'conv-uuid', text: '你好' },
      timestamp: TIMESTAMP,
      requestId: 'abc',
    });
    expect(headers['X-Signature']).toBe(hmacHex(API_SECRET, DOC_EXAMPLE));
    expect(headers['X-Signature']).toBe(DOC_EXAMPLE_SIGNATURE);
  });

  it('returns every documented header', () => {
    const headers = signRequest({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      userId: 'user-123',
      method: 'POST',
      path: '/v1/chat/image',
      body: { agentId: 'a' },
      now: () => NOW_MS + 999,
      randomId: () => 'fixed-request-id',
    });
    expect(headers).toEqual({
      Authorization: `Bearer ${API_KEY}`,
      'X-Timestamp': String(TIMESTAMP),
      'X-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
      'X-Request-ID': 'fixed-request-id',
      'X-User-ID': 'user-123',
      'Content-Type': 'application/json',
    });
  });

  it('generates a fresh 32-character alphanumeric request id by default', () => {
    const first = signed({ requestId: undefined }).headers['x-request-id'];
    const second = signed({ requestId: undefined }).headers['x-request-id'];
    expect(first).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(second).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(first).not.toBe(second);
  });

  it('sets no Content-Type when there is no body', () => {
    const headers = signRequest({ apiKey: API_KEY, apiSecret: API_SECRET, userId: 'u', method: 'GET', path: '/v1/x' });
    expect(headers).not.toHaveProperty('Content-Type');
  });

  it('signs a multipart FormData body as the empty string and leaves Content-Type to the caller', () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'ref.png');
    const headers = signRequest({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      userId: 'user-123',
      method: 'POST',
      path: '/v1/agent/reference-image',
      body: form,
      timestamp: TIMESTAMP,
    });
    expect(headers['X-Signature']).toBe(hmacHex(API_SECRET, `POST\n/v1/agent/reference-image\n${TIMESTAMP}\nuser-123\n\n`));
    expect(headers).not.toHaveProperty('Content-Type');
  });

  it('signs a body as the empty string when the caller marks the request as multipart', () => {
    const headers = signRequest({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      userId: 'user-123',
      method: 'POST',
      path: '/v1/agent/reference-image',
      body: { note: 'form field' },
      isMultipart: true,
      timestamp: TIMESTAMP,
    });
    expect(headers['X-Signature']).toBe(hmacHex(API_SECRET, `POST\n/v1/agent/reference-image\n${TIMESTAMP}\nuser-123\n\n`));
    expect(headers).not.toHaveProperty('Content-Type');
  });

  it('puts the canonical query on its own line', () => {
    const message = stringToSign({
      method: 'get',
      path: '/v1/agent/list',
      timestamp: TIMESTAMP,
      userId: 'u',
      query: { pageSize: '20', page: 1 },
    });
    expect(message).toBe(`GET\n/v1/agent/list\n${TIMESTAMP}\nu\npage=1&pageSize=20\n`);
  });
});

describe('canonical body', () => {
  it.each([
    ['drops null', { a: null, b: 'x' }, 'b=x'],
    ['drops undefined', { a: undefined, b: 'x' }, 'b=x'],
    ['drops empty strings', { a: '', b: 'x' }, 'b=x'],
    ['drops whitespace-only strings', { a: ' \t\n ', b: 'x' }, 'b=x'],
    ['trims strings', { a: '  hi there  ' }, 'a=hi there'],
    ['does not URL-encode', { text: '你好 & a=b/c?d%20' }, 'text=你好 & a=b/c?d%20'],
    ['writes numbers as JSON', { n: 1.5, z: 0, neg: -3 }, 'n=1.5&neg=-3&z=0'],
    ['writes booleans as JSON', { t: true, f: false }, 'f=false&t=true'],
    ['writes objects as compact JSON in the client key order', { m: { b: 1, a: 'x' } }, 'm={"b":1,"a":"x"}'],
    ['writes arrays as compact JSON', { l: [1, 'a', null, { k: [] }] }, 'l=[1,"a",null,{"k":[]}]'],
    ['does not trim strings inside nested values', { m: { s: ' x ' } }, 'm={"s":" x "}'],
    ['signs an empty object', { metadata: {}, text: 'hi' }, 'metadata={}&text=hi'],
    ['signs an empty array', { tags: [] }, 'tags=[]'],
    ['sorts keys by ASCII code unit, uppercase before lowercase', { b: 1, a: 1, Z: 1, B: 1, _: 1, A: 1 }, 'A=1&B=1&Z=1&_=1&a=1&b=1'],
    ['sorts by code unit, not locale', { ab: 1, aB: 1, 'a-b': 1, a: 1 }, 'a=1&a-b=1&aB=1&ab=1'],
    ['is empty for an empty object', {}, ''],
  ])('%s', (_rule, body, expected) => {
    expect(canonicalBody(body)).toBe(expected);
  });

  it.each([
    ['no body', undefined],
    ['a null body', null],
    ['a string body', 'agentId=a'],
    ['a number body', 42],
    ['an array body', [{ a: 1 }]],
    ['a Buffer body', Buffer.from('{"a":1}')],
  ])('is the empty string for %s', (_case, body) => {
    expect(canonicalBody(body)).toBe('');
  });

  it('treats a null-prototype object (as body parsers build) like a plain object', () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, { b: '2', a: '1' });
    expect(canonicalBody(body)).toBe('a=1&b=2');
  });
});

describe('canonical query', () => {
  it('applies the field rules to a query record', () => {
    expect(canonicalQuery({ b: '2', a: '1', empty: '', blank: '  ', spaced: ' x ', missing: undefined })).toBe('a=1&b=2&spaced=x');
  });

  it('uses decoded raw values from URLSearchParams', () => {
    expect(canonicalQuery(new URLSearchParams('b=2&a=1&e=&t=%E4%BD%A0%E5%A5%BD&s=a%20b%26c'))).toBe('a=1&b=2&s=a b&c&t=你好');
  });

  it('treats a repeated query key as the array Express would parse', () => {
    const fromUrl = canonicalQuery(new URLSearchParams('k=1&k=2&j=x'));
    expect(fromUrl).toBe('j=x&k=["1","2"]');
    expect(canonicalQuery({ k: ['1', '2'], j: 'x' })).toBe(fromUrl);
  });

  it('is the empty string when there is no query', () => {
    expect(canonicalQuery({})).toBe('');
    expect(canonicalQuery(new URLSearchParams())).toBe('');
  });
});

describe('verification', () => {
  it('accepts a request signed by signRequest', () => {
    const request = signed();
    expect(verifyRequest(verifyOptions(request))).toEqual({
      ok: true,
      apiKey: API_KEY,
      userId: 'user-123',
      requestId: 'Req0000000000000000000000000001A',
    });
  });

  it('accepts a signed query with a JSON body', () => {
    const request = signed({ query: { page: '2', q: '你好' } });
    const query = new URLSearchParams('q=%E4%BD%A0%E5%A5%BD&page=2');
    expect(verifyRequest(verifyOptions(request, { query })).ok).toBe(true);
  });

  it('accepts a body that differs only in what canonicalisation removes', () => {
    const request = signed({ body: { text: 'hi', note: null } });
    const result = verifyRequest(verifyOptions(request, { body: { text: '  hi ', note: '   ' } }));
    expect(result.ok).toBe(true);
  });

  it('ignores the parsed fields of a multipart request', () => {
    const request = signed({ path: '/v1/agent/reference-image', body: undefined });
    const result = verifyRequest(verifyOptions(request, { isMultipart: true, body: { purpose: 'reference' } }));
    expect(result.ok).toBe(true);
  });

  it.each(['authorization', 'x-timestamp', 'x-signature', 'x-request-id', 'x-user-id'])(
    'reports a missing %s header',
    (header) => {
      const request = signed();
      const { [header]: _removed, ...headers } = request.headers;
      expect(verifyRequest(verifyOptions(request, { headers }))).toEqual({ ok: false, reason: 'missing_header', header });
    },
  );

  it.each(['x-user-id', 'x-request-id'])('treats a blank %s header as missing', (header) => {
    const request = signed();
    const headers = { ...request.headers, [header]: '   ' };
    expect(verifyRequest(verifyOptions(request, { headers }))).toEqual({ ok: false, reason: 'missing_header', header });
  });

  it('names the first missing header in the documented order', () => {
    const request = signed();
    const { 'x-user-id': _user, 'x-signature': _signature, ...headers } = request.headers;
    expect(verifyRequest(verifyOptions(request, { headers }))).toEqual({
      ok: false,
      reason: 'missing_header',
      header: 'x-signature',
    });
  });

  it.each([`Basic ${API_KEY}`, 'Bearer', `Token ${API_KEY}`, API_KEY])(
    'treats the malformed Authorization %j as missing',
    (authorization) => {
      const request = signed();
      const headers = { ...request.headers, authorization };
      expect(verifyRequest(verifyOptions(request, { headers }))).toEqual({
        ok: false,
        reason: 'missing_header',
        header: 'authorization',
      });
    },
  );

  it('accepts the Bearer scheme in any case', () => {
    const request = signed();
    const headers = { ...request.headers, authorization: `bearer ${API_KEY}` };
    expect(verifyRequest(verifyOptions(request, { headers })).ok).toBe(true);
  });

  it.each([
    ['exactly 5 minutes behind', NOW_MS + 300_000, true],
    ['1 ms more than 5 minutes behind', NOW_MS + 300_001, false],
    ['exactly 5 minutes ahead', NOW_MS - 300_000, true],
    ['1 ms more than 5 minutes ahead', NOW_MS - 300_001, false],
  ])('checks a timestamp %s of server time', (_case, now, ok) => {
    const result = verifyRequest(verifyOptions(signed(), { now }));
    expect(result).toEqual(ok ? expect.objectContaining({ ok: true }) : { ok: false, reason: 'timestamp_expired' });
  });

  it('honours a custom window', () => {
    const result = verifyRequest(verifyOptions(signed(), { now: NOW_MS + 61_000, windowMs: 60_000 }));
    expect(result).toEqual({ ok: false, reason: 'timestamp_expired' });
  });

  it.each(['1742000000.5', '1742000000000x', 'abc', '-1742000000', '1.742e9', String(NOW_MS)])(
    'rejects the timestamp %j as out of window',
    (timestamp) => {
      const request = signed();
      const headers = { ...request.headers, 'x-timestamp': timestamp };
      expect(verifyRequest(verifyOptions(request, { headers }))).toEqual({ ok: false, reason: 'timestamp_expired' });
    },
  );

  it('rejects an unknown api key', () => {
    const request = signed({ apiKey: 'ak-unknown' });
    expect(verifyRequest(verifyOptions(request))).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it.each<[string, Partial<VerifyRequestOptions>]>([
    ['a tampered body', { body: { agentId: 'agent-uuid', conversationId: 'conv-uuid', text: '你好!', metadata: {} } }],
    ['a body missing a signed empty object', { body: { agentId: 'agent-uuid', conversationId: 'conv-uuid', text: '你好' } }],
    ['a tampered path', { path: '/v1/agent/cover' }],
    ['a tampered method', { method: 'PUT' }],
    ['an added query field', { query: { debug: '1' } }],
    ['the wrong secret', { lookupSecret: () => 'sk-other' }],
  ])('rejects %s with bad_signature', (_case, overrides) => {
    expect(verifyRequest(verifyOptions(signed(), overrides))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each<[string, (signature: string) => string]>([
    ['a tampered user id', (signature) => signature],
    ['an uppercase hex signature', (signature) => signature.toUpperCase()],
    ['a truncated signature', (signature) => signature.slice(0, 63)],
    ['a signature with an extra character', (signature) => `${signature}0`],
  ])('rejects %s with bad_signature', (caseName, changeSignature) => {
    const request = signed();
    const headers = {
      ...request.headers,
      'x-signature': changeSignature(request.headers['x-signature'] ?? ''),
      ...(caseName === 'a tampered user id' ? { 'x-user-id': 'user-456' } : {}),
    };
    expect(verifyRequest(verifyOptions(request, { headers }))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a request id replayed inside the window', () => {
    const request = signed();
    const replayGuard = createReplayGuard();
    expect(verifyRequest(verifyOptions(request, { replayGuard })).ok).toBe(true);
    expect(verifyRequest(verifyOptions(request, { replayGuard, now: NOW_MS + 300_000 }))).toEqual({
      ok: false,
      reason: 'replayed_request',
    });
  });

  it('accepts a request id again once the window has passed', () => {
    const replayGuard = createReplayGuard({ windowMs: 300_000 });
    expect(verifyRequest(verifyOptions(signed(), { replayGuard })).ok).toBe(true);
    const later = signed({ timestamp: TIMESTAMP + 301 });
    expect(verifyRequest(verifyOptions(later, { replayGuard, now: NOW_MS + 301_000 })).ok).toBe(true);
  });

  it('does not record the request id of a rejected request', () => {
    const replayGuard = createReplayGuard();
    const request = signed();
    expect(verifyRequest(verifyOptions(request, { replayGuard, path: '/tampered' })).ok).toBe(false);
    expect(verifyRequest(verifyOptions(request, { replayGuard })).ok).toBe(true);
  });
});

describe('replay guard', () => {
  it('remembers a request id for exactly the window', () => {
    const guard = createReplayGuard({ windowMs: 1_000 });
    expect(guard.seen('id-1', 5_000)).toBe(false);
    expect(guard.seen('id-1', 6_000)).toBe(true);
    expect(guard.seen('id-1', 6_001)).toBe(false);
    expect(guard.seen('id-1', 6_500)).toBe(true);
  });

  it('keeps request ids apart', () => {
    const guard = createReplayGuard();
    expect(guard.seen('id-1', NOW_MS)).toBe(false);
    expect(guard.seen('id-2', NOW_MS)).toBe(false);
    expect(guard.seen('id-1', NOW_MS)).toBe(true);
  });

  it('works with a manual clock that starts at zero', () => {
    const guard = createReplayGuard({ windowMs: 10 });
    expect(guard.seen('id-1', 0)).toBe(false);
    expect(guard.seen('id-1', 10)).toBe(true);
    expect(guard.seen('id-1', 11)).toBe(false);
  });

  it('forgets the least recently seen id beyond maxEntries', () => {
    const guard = createReplayGuard({ windowMs: 60_000, maxEntries: 2 });
    guard.seen('id-1', NOW_MS);
    guard.seen('id-2', NOW_MS);
    guard.seen('id-3', NOW_MS);
    expect(guard.seen('id-3', NOW_MS)).toBe(true);
    expect(guard.seen('id-2', NOW_MS)).toBe(true);
    expect(guard.seen('id-1', NOW_MS)).toBe(false);
  });

  it.each([
    [{ windowMs: 0 }],
    [{ windowMs: 1.5 }],
    [{ maxEntries: 0 }],
    [{ maxEntries: Number.POSITIVE_INFINITY }],
  ])('refuses the options %j', (options) => {
    expect(() => createReplayGuard(options)).toThrow(RangeError);
  });
});
