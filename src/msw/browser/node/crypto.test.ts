import * as node from 'node:crypto';
import { expect, it } from 'vitest';
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from './crypto.js';

it.each([
  ['an ASCII text', 'POST\n/v1/chat/image\n1742000000\nuser-123\n\nagentId=a&text=hi'],
  ['a Chinese text', 'file-preview|8faea5f8|1713938972|ab19 一个胸有成竹的男人'],
  ['no text', ''],
])('hashes and signs %s as node:crypto does', (_name, text) => {
  expect(createHash('sha256').update(text).digest('hex')).toBe(node.createHash('sha256').update(text).digest('hex'));
  expect(createHmac('sha256', 'sk_demo_aibabe_7f3c9a1e5b2d4c68').update(text, 'utf8').digest('hex')).toBe(node.createHmac('sha256', 'sk_demo_aibabe_7f3c9a1e5b2d4c68').update(text, 'utf8').digest('hex'));
  expect(createHmac('sha256', '密钥').update(text).digest().toString('base64')).toBe(node.createHmac('sha256', '密钥').update(text).digest('base64'));
});

it('draws random bytes and integers within their range', () => {
  expect(randomBytes(16)).toHaveLength(16);
  const drawn = Array.from({ length: 500 }, () => randomInt(62));
  expect(Math.min(...drawn)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...drawn)).toBeLessThan(62);
});

it('compares equal-length bytes, and refuses different lengths as node does', () => {
  expect(timingSafeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
  expect(timingSafeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
  expect(() => timingSafeEqual(Buffer.from('ab'), Buffer.from('abc'))).toThrow(RangeError);
});

it('refuses a hash other than sha256', () => {
  expect(() => createHash('md5')).toThrow(/sha256 only/);
});
