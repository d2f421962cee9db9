import sharp from 'sharp';
import { deflateSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import {
  PLACEHOLDER_KEYWORD,
  isPng,
  readPlaceholderInfo,
  readPngSize,
  readPngTextChunks,
  withPngTextChunk,
} from './png-text.js';

let png: Buffer;

beforeAll(async () => {
  png = await sharp({ create: { width: 33, height: 17, channels: 3, background: '#336699' } }).png().toBuffer();
});

const info = {
  upstream: 'aibabe',
  operation: 'chatImage',
  width: 33,
  height: 17,
  seed: 9,
  prompt: '一个穿着红色连衣裙的女孩站在樱花树下',
  inputs: { agentId: 'a1' },
  referenceImage: true,
  label: 'aibabe · chatImage · 33x17 · seed 9 · img2img',
};

it.each([
  ['a PNG', () => png, true],
  ['a JPEG header', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0]), false],
  ['an empty buffer', () => Buffer.alloc(0), false],
  ['a truncated signature', () => png.subarray(0, 5), false],
])('isPng tells %s', (_name, make, expected) => {
  expect(isPng(make())).toBe(expected);
});

it('reads the size from IHDR', () => {
  expect(readPngSize(png)).toEqual({ width: 33, height: 17 });
  expect(readPngSize(Buffer.from('not a png at all, really not'))).toBeUndefined();
});

it('round-trips placeholder info through an iTXt chunk, Chinese included', () => {
  const tagged = withPngTextChunk(png, PLACEHOLDER_KEYWORD, JSON.stringify(info));
  expect(readPlaceholderInfo(tagged)).toEqual(info);
  expect(readPlaceholderInfo(png)).toBeUndefined();
});

it('writes a chunk that PNG decoders accept (valid CRC, placed after IHDR)', async () => {
  const tagged = withPngTextChunk(png, PLACEHOLDER_KEYWORD, JSON.stringify(info));
  expect(tagged.toString('latin1', 37, 41)).toBe('iTXt');
  const { data, info: raw } = await sharp(tagged).raw().toBuffer({ resolveWithObject: true });
  expect(raw.width).toBe(33);
  expect([...data.subarray(0, 3)]).toEqual([0x33, 0x66, 0x99]);
  expect(readPngSize(tagged)).toEqual({ width: 33, height: 17 });
});

it('skips a text chunk whose CRC is wrong', () => {
  const tagged = withPngTextChunk(png, PLACEHOLDER_KEYWORD, JSON.stringify(info));
  const corrupt = Buffer.from(tagged);
  corrupt[50] = corrupt[50]! ^ 0xff; // inside the iTXt data
  expect(readPlaceholderInfo(corrupt)).toBeUndefined();
});

it('reads tEXt and compressed iTXt chunks written by other tools', () => {
  const ihdrEnd = 33;
  const rawChunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const text = rawChunk('tEXt', Buffer.from('Comment\0hello', 'latin1'));
  const itxt = rawChunk(
    'iTXt',
    Buffer.concat([Buffer.from('pixmock\0\x01\x00zh\0\0', 'latin1'), deflateSync(Buffer.from(JSON.stringify(info)))]),
  );
  const withChunks = Buffer.concat([png.subarray(0, ihdrEnd), text, itxt, png.subarray(ihdrEnd)]);
  expect(readPngTextChunks(withChunks)).toEqual([
    { type: 'tEXt', keyword: 'Comment', text: 'hello' },
    { type: 'iTXt', keyword: 'pixmock', text: JSON.stringify(info) },
  ]);
  expect(readPlaceholderInfo(withChunks)?.prompt).toBe(info.prompt);
});

it('ignores a pixmock chunk that is not placeholder JSON', () => {
  expect(readPlaceholderInfo(withPngTextChunk(png, PLACEHOLDER_KEYWORD, 'not json'))).toBeUndefined();
  expect(readPlaceholderInfo(withPngTextChunk(png, PLACEHOLDER_KEYWORD, '{"upstream":1}'))).toBeUndefined();
});

it('refuses an invalid keyword or a non-PNG buffer', () => {
  expect(() => withPngTextChunk(png, '', 'x')).toThrow(/keyword/);
  expect(() => withPngTextChunk(Buffer.from('nope'), 'k', 'x')).toThrow(/not a PNG/);
});

function crc(bytes: Buffer): number {
  // Independent CRC-32 (table-less) so the test does not trust the code under test.
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
