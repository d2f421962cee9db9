/**
 * Request bodies for fuzzing, each with its content headers: JSON close to valid, random, with a
 * prototype name as key, malformed, truncated, deeply nested, invalid UTF-8, under other media
 * types, over the body limit, falsely or truly compressed, and multipart/form-data in good and
 * broken shapes.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { ServerLimits } from '../../core/index.js';
import { FUZZ_LIMITS } from './fuzz-settings.js';
import { prototypeNameArb } from './prototype-names.js';

/** A request body with its content headers. `parsed` is the JSON value the server will see, if any. */
export interface BodyCase {
  label: string;
  contentType?: string;
  contentEncoding?: string;
  body?: Buffer;
  parsed?: unknown;
  multipart?: boolean;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.pixmock+json', 'APPLICATION/JSON'];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'text/html; charset=utf-8',
  'application/xml',
  'multipart/form-data',
  'image/png',
  '*/*',
  ';;;',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=no-such-charset',
];

const jsonText = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');

export function bodyArb(validLike: fc.Arbitrary<unknown>, limits: ServerLimits = FUZZ_LIMITS): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.tuple(validLike, fc.constantFrom(...JSON_TYPES)).map(([value, contentType]): BodyCase => ({ label: 'json', contentType, body: jsonText(value), parsed: value })) },
    { weight: 12, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): BodyCase => ({ label: 'random json', contentType: 'application/json', body: jsonText(value), parsed: value })) },
    {
      weight: 4,
      arbitrary: fc.tuple(validLike, prototypeNameArb, fc.constantFrom<unknown>('x', 1, null, { polluted: true }, ['a'])).map(([value, key, item]): BodyCase => {
        // Spliced into the text: an object literal with a `__proto__` key would set the prototype instead.
        const text = JSON.stringify(value) ?? 'null';
        const member = `${JSON.stringify(key)}:${JSON.stringify(item)}`;
        const spliced = text.startsWith('{') ? `{${member}${text === '{}' ? '' : ','}${text.slice(1)}` : `{${member}}`;
        return { label: `json with key ${key}`, contentType: 'application/json', body: Buffer.from(spliced), parsed: JSON.parse(spliced) };
      }),
    },
    { weight: 10, arbitrary: fc.string({ maxLength: 64 }).map((text): BodyCase => ({ label: 'malformed', contentType: 'application/json', body: Buffer.from(text) })) },
    {
      weight: 8,
      arbitrary: fc.tuple(validLike, fc.nat()).map(([value, cut]): BodyCase => {
        const text = JSON.stringify(value) ?? '{}';
        return { label: 'truncated', contentType: 'application/json', body: Buffer.from(text.slice(0, cut % Math.max(1, text.length))) };
      }),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.integer({ min: 300, max: 30_000 }), fc.boolean()).map(([depth, objects]): BodyCase => ({
        label: `nested ${depth}`,
        contentType: 'application/json',
        body: Buffer.from(objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`),
      })),
    },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.constantFrom('prompt', 'text', 'user', 'agentId', 'model')).map(([bytes, field]): BodyCase => ({
        label: 'invalid utf-8',
        contentType: 'application/json',
        body: Buffer.concat([Buffer.from(`{"${field}":"`), Buffer.from([0xff, 0xfe, 0xc0, ...bytes, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      })),
    },
    {
      weight: 10,
      arbitrary: fc.tuple(validLike, fc.constantFrom(...OTHER_TYPES)).map(([value, contentType]): BodyCase => ({ label: `as ${contentType}`, contentType, body: jsonText(value) })),
    },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 1, max: 8 * 1024 }).map((extra): BodyCase => ({
        label: 'over bodyBytes',
        contentType: 'application/json',
        body: Buffer.from(`{"prompt":"${'x'.repeat(limits.bodyBytes + extra)}"}`),
      })),
    },
    { weight: 6, arbitrary: fc.constantFrom<BodyCase>({ label: 'no body' }, { label: 'empty json', contentType: 'application/json', body: Buffer.alloc(0) }) },
    { weight: 10, arbitrary: multipartArb(limits) },
    {
      weight: 2,
      arbitrary: fc.tuple(validLike, fc.constantFrom('gzip', 'deflate', 'br', 'bogus', 'identity')).map(([value, encoding]): BodyCase => ({
        label: `encoding ${encoding}`,
        contentType: 'application/json',
        contentEncoding: encoding,
        // Plain bytes labelled as compressed: zlib must fail cleanly.
        body: jsonText(value),
      })),
    },
    {
      weight: 1,
      arbitrary: validLike.map((value): BodyCase => ({ label: 'real gzip', contentType: 'application/json', contentEncoding: 'gzip', body: gzipSync(jsonText(value)), parsed: value })),
    },
  );
}

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const FIELD_NAMES = ['file', 'file', 'user', 'files', 'File', 'image', '', 'file[]', 'a[b][c][d]'];

/** multipart/form-data in good and broken shapes: no boundary, truncated, wrong names, many files, a file over the upload limit. */
function multipartArb(limits: ServerLimits = FUZZ_LIMITS): fc.Arbitrary<BodyCase> {
  const part = fc.record({
    name: fc.constantFrom(...FIELD_NAMES),
    filename: fc.option(fc.constantFrom('a.png', 'x.PNG', '../../etc/passwd', 'noext', 'a.exe', 'ä€.jpg', 'a.png\u0000.txt', '.png'), { nil: undefined }),
    content: fc.oneof(
      fc.constant(PNG_HEAD),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.from('user-123')),
    ),
  });
  return fc
    .record({
      parts: fc.array(part, { minLength: 0, maxLength: 4 }),
      manyFiles: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined, freq: 8 }),
      hugeFile: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined, freq: 30 }),
      shape: fc.constantFrom('ok', 'ok', 'ok', 'no-boundary', 'truncated', 'no-final-boundary', 'garbage', 'boundary-mismatch'),
      cut: fc.nat(),
    })
    .map(({ parts, manyFiles, hugeFile, shape, cut }): BodyCase => {
      const boundary = 'pixmockFuzzBoundary';
      const all: { name: string; filename?: string; content: Buffer }[] = [...parts];
      if (manyFiles) for (let i = 0; i < manyFiles; i++) all.push({ name: 'file', filename: `f${i}.png`, content: PNG_HEAD });
      if (hugeFile) all.push({ name: 'file', filename: 'huge.png', content: Buffer.concat([PNG_HEAD, Buffer.alloc(limits.uploadBytes + hugeFile)]) });
      const chunks: Buffer[] = [];
      for (const { name, filename, content } of all) {
        const disposition = `form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}`;
        chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${filename ? 'Content-Type: image/png\r\n' : ''}\r\n`), content, Buffer.from('\r\n'));
      }
      if (shape !== 'no-final-boundary') chunks.push(Buffer.from(`--${boundary}--\r\n`));
      let body = Buffer.concat(chunks);
      if (shape === 'truncated') body = body.subarray(0, cut % Math.max(1, body.length));
      if (shape === 'garbage') body = Buffer.from('this is not multipart at all');
      const contentType =
        shape === 'no-boundary' ? 'multipart/form-data' : shape === 'boundary-mismatch' ? 'multipart/form-data; boundary=other' : `multipart/form-data; boundary=${boundary}`;
      return { label: `multipart ${shape}${manyFiles ? ` ${manyFiles} files` : ''}${hugeFile ? ' huge' : ''}`, contentType, body, multipart: true };
    });
}
