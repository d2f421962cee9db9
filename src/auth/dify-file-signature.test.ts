import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { signToolFileUrl, verifyToolFileSignature } from './dify-file-signature.js';

const FILE_ID = '8faea5f8-b5c9-498a-b557-a39c474f0e59';
const TIMESTAMP = 1_713_938_972;
const NONCE = 'ab195cba5d0c37924bbbdfe1fd2c62e9';
const SECRET = 'pixmock-dify-secret-2';
/** base64.urlsafe_b64encode(hmac.new(SECRET, 'file-preview|…', sha256).digest()) run in Python. */
const PYTHON_SIGN = 'M2wzwLhPY8gTs1_K0jd85sqqF-DrScBMg6knCr96NRc=';
const SEED_URL_SHAPE = /^\/files\/tools\/[0-9a-f-]{36}\.png\?timestamp=\d+&nonce=[0-9a-f]{32}&sign=[A-Za-z0-9_-]+=*$/;

function nodeSign(secret: string, message: string): string {
  return createHmac('sha256', secret)
    .update(message)
    .digest('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

function queryOf(url: string) {
  const params = new URL(url, 'http://dify.local').searchParams;
  return { timestamp: params.get('timestamp') ?? '', nonce: params.get('nonce') ?? '', sign: params.get('sign') ?? '' };
}

const signedUrl = signToolFileUrl({ fileId: FILE_ID, extension: '.png', secretKey: SECRET, timestampSeconds: TIMESTAMP, nonce: NONCE });
const valid = { fileId: FILE_ID, timestamp: String(TIMESTAMP), nonce: NONCE, sign: PYTHON_SIGN, secretKey: SECRET, nowSeconds: TIMESTAMP };

it('signs file-preview|id|timestamp|nonce exactly as Dify does', () => {
  expect(nodeSign(SECRET, `file-preview|${FILE_ID}|${TIMESTAMP}|${NONCE}`)).toBe(PYTHON_SIGN);
  expect(signedUrl).toBe(`/files/tools/${FILE_ID}.png?timestamp=${TIMESTAMP}&nonce=${NONCE}&sign=${PYTHON_SIGN}`);
});

it('produces the URL shape of the seed example', () => {
  expect(signedUrl).toMatch(SEED_URL_SHAPE);
  expect(signToolFileUrl({ fileId: FILE_ID, extension: '.png', secretKey: SECRET })).toMatch(SEED_URL_SHAPE);
});

it('draws a fresh 32-hex nonce and the current time by default', () => {
  const before = Math.floor(Date.now() / 1000);
  const first = queryOf(signToolFileUrl({ fileId: FILE_ID, extension: '.png', secretKey: SECRET }));
  const second = queryOf(signToolFileUrl({ fileId: FILE_ID, extension: '.png', secretKey: SECRET }));
  expect(first.nonce).toMatch(/^[0-9a-f]{32}$/);
  expect(first.nonce).not.toBe(second.nonce);
  expect(Number(first.timestamp)).toBeGreaterThanOrEqual(before);
  expect(Number(first.timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
});

it('keeps the = padding of URL-safe base64', () => {
  const { sign } = queryOf(signedUrl);
  expect(sign).toHaveLength(44);
  expect(sign.endsWith('=')).toBe(true);
  expect(sign).not.toMatch(/[+/]/);
});

it('verifies the parts of a URL it signed', () => {
  expect(verifyToolFileSignature({ ...valid, ...queryOf(signedUrl) })).toBe(true);
});

it.each([
  ['sign', { sign: PYTHON_SIGN.replace('M2w', 'M2x') }],
  ['sign without padding', { sign: PYTHON_SIGN.slice(0, -1) }],
  ['sign in standard base64', { sign: PYTHON_SIGN.replace('_', '/').replace('-', '+') }],
  ['file id', { fileId: '8faea5f8-b5c9-498a-b557-a39c474f0e5a' }],
  ['nonce', { nonce: 'ab195cba5d0c37924bbbdfe1fd2c62e8' }],
  ['timestamp', { timestamp: String(TIMESTAMP + 1) }],
  ['timestamp text (leading zero)', { timestamp: `0${TIMESTAMP}` }],
])('rejects a tampered %s', (_part, change) => {
  expect(verifyToolFileSignature({ ...valid, ...change })).toBe(false);
});

it.each([
  ['at the moment of signing', TIMESTAMP, true],
  ['exactly 300 s later', TIMESTAMP + 300, true],
  ['301 s later', TIMESTAMP + 301, false],
  ['before the timestamp (Dify accepts future timestamps)', TIMESTAMP - 3_600, true],
])('checks expiry %s', (_case, nowSeconds, expected) => {
  expect(verifyToolFileSignature({ ...valid, nowSeconds })).toBe(expected);
});

it('honours a custom timeout', () => {
  expect(verifyToolFileSignature({ ...valid, nowSeconds: TIMESTAMP + 61, timeoutSeconds: 60 })).toBe(false);
  expect(verifyToolFileSignature({ ...valid, nowSeconds: TIMESTAMP + 60, timeoutSeconds: 60 })).toBe(true);
});

it('accepts the timestamp as a number', () => {
  expect(verifyToolFileSignature({ ...valid, timestamp: TIMESTAMP })).toBe(true);
});

it('rejects a non-integer timestamp even when it was signed', () => {
  const sign = nodeSign(SECRET, `file-preview|${FILE_ID}|12.5|${NONCE}`);
  expect(verifyToolFileSignature({ ...valid, timestamp: '12.5', sign, nowSeconds: 12 })).toBe(false);
});

it('never verifies with a different key', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 2 ** 31 }), (signKey, otherKey, timestampSeconds) => {
      // HMAC pads short keys with zero bytes, so keys differing only in trailing NULs are the same key.
      fc.pre(signKey.replace(/\0+$/, '') !== otherKey.replace(/\0+$/, ''));
      const query = queryOf(signToolFileUrl({ fileId: FILE_ID, extension: '.png', secretKey: signKey, timestampSeconds, nonce: NONCE }));
      const common = { fileId: FILE_ID, ...query, nowSeconds: timestampSeconds };
      expect(verifyToolFileSignature({ ...common, secretKey: signKey })).toBe(true);
      expect(verifyToolFileSignature({ ...common, secretKey: otherKey })).toBe(false);
    }),
    { seed: 20260101, numRuns: 200 },
  );
});
