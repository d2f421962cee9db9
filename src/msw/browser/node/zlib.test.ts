import * as node from 'node:zlib';
import { expect, it } from 'vitest';
import { crc32 } from './zlib.js';

it.each([['IHDR'], ['iTXtpixmock'], [''], ['一个胸有成竹的男人']])('computes the CRC-32 of %j as node:zlib does', (text) => {
  const bytes = Buffer.from(text, 'utf8');
  expect(crc32(bytes)).toBe(node.crc32(bytes));
});
