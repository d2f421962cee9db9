/**
 * PNG chunk helpers: recognise a PNG, read its size from IHDR, and write/read the `pixmock` text
 * chunk that records what produced a placeholder.
 *
 * The chunk is an uncompressed iTXt (UTF-8, so Chinese prompts survive) with keyword `pixmock` and
 * JSON text {upstream, operation, width, height, seed, prompt, inputs, referenceImage, label},
 * placed right after IHDR. sharp cannot write arbitrary text chunks, hence the hand-written chunk
 * (the format is five fields and a CRC-32, see https://www.w3.org/TR/png/#11iTXt).
 *
 * @example
 * const info = readPlaceholderInfo(await fs.readFile('image.png'));
 * info?.prompt; // '一个穿着红色连衣裙的女孩站在樱花树下'
 */
import { crc32, inflateSync } from 'node:zlib';
import type { PlaceholderSpec } from './placeholder-spec.js';

export const PNG_SIGNATURE: Readonly<Buffer> = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Keyword of the text chunk holding {@link PlaceholderInfo}. */
export const PLACEHOLDER_KEYWORD = 'pixmock';

/** What produced a placeholder image, as stored in its `pixmock` text chunk: the full spec plus its label. */
export interface PlaceholderInfo extends Required<PlaceholderSpec> {
  /** The corner label drawn on the image, e.g. `chatfire · createImageGeneration · 1024x1024 · seed 42`. */
  label: string;
}

export interface PngTextChunk {
  type: 'tEXt' | 'zTXt' | 'iTXt';
  keyword: string;
  text: string;
}

const CHUNK_OVERHEAD = 12; // length + type + CRC

/** What a base64 PNG data URL starts with. */
export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

/** True when `buf` starts with the PNG signature. */
export function isPng(buf: Uint8Array): boolean {
  return buf.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => buf[i] === byte);
}

/** Width and height from the IHDR chunk, or undefined when `png` is not a PNG. */
export function readPngSize(png: Uint8Array): { width: number; height: number } | undefined {
  if (!isPng(png) || png.length < 8 + 8 + 8) return undefined;
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (view.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(CHUNK_OVERHEAD + data.length);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

/**
 * Returns a copy of `png` with an uncompressed iTXt chunk inserted right after IHDR.
 * Throws when `png` is not a PNG or the keyword is not 1–79 printable Latin-1 characters.
 */
export function withPngTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || keyword.startsWith(' ') || keyword.endsWith(' ')) {
    throw new TypeError(`Failed to add PNG text chunk: keyword ${JSON.stringify(keyword)} is not a valid PNG keyword.`);
  }
  if (!isPng(png) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new TypeError('Failed to add PNG text chunk: the buffer is not a PNG (no signature or IHDR).');
  }
  const ihdrEnd = 8 + CHUNK_OVERHEAD + png.readUInt32BE(8);
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0, 0, 0]), // keyword terminator, compression flag 0, compression method 0
    Buffer.from([0, 0]), // empty language tag, empty translated keyword
    Buffer.from(text, 'utf8'),
  ]);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk('iTXt', data), png.subarray(ihdrEnd)]);
}

function decodeTextChunk(type: string, data: Buffer): PngTextChunk | undefined {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1) return undefined;
  const keyword = data.toString('latin1', 0, keywordEnd);
  if (type === 'tEXt') return { type, keyword, text: data.toString('latin1', keywordEnd + 1) };
  if (type === 'zTXt') {
    return { type, keyword, text: inflateSync(data.subarray(keywordEnd + 2)).toString('latin1') };
  }
  // iTXt: keyword\0 flag method language\0 translated\0 text
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  const body = data.subarray(translatedEnd + 1);
  return { type: 'iTXt', keyword, text: (compressed ? inflateSync(body) : body).toString('utf8') };
}

/** Every tEXt, zTXt and iTXt chunk of `png` (chunks with a bad CRC or bad compression are skipped). */
export function readPngTextChunks(png: Uint8Array): PngTextChunk[] {
  if (!isPng(png)) return [];
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngTextChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset + CHUNK_OVERHEAD <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const end = offset + CHUNK_OVERHEAD + length;
    if (end > buf.length || type === 'IEND') break;
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const typeAndData = buf.subarray(offset + 4, offset + 8 + length);
      if (crc32(typeAndData) === buf.readUInt32BE(offset + 8 + length)) {
        try {
          const decoded = decodeTextChunk(type, buf.subarray(offset + 8, offset + 8 + length));
          if (decoded) chunks.push(decoded);
        } catch {
          // A corrupt compressed chunk is ignored like one with a bad CRC.
        }
      }
    }
    offset = end;
  }
  return chunks;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The {@link PlaceholderInfo} stored in `png`, or undefined when it has no valid `pixmock` chunk. */
export function readPlaceholderInfo(png: Uint8Array): PlaceholderInfo | undefined {
  const found = readPngTextChunks(png).find((c) => c.keyword === PLACEHOLDER_KEYWORD);
  if (!found) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(found.text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { upstream, operation, width, height, seed, prompt, inputs, referenceImage, label } = value;
  if (
    typeof upstream !== 'string' ||
    typeof operation !== 'string' ||
    typeof width !== 'number' ||
    typeof height !== 'number' ||
    typeof seed !== 'number' ||
    typeof prompt !== 'string'
  ) {
    return undefined;
  }
  return {
    upstream,
    operation,
    width,
    height,
    seed,
    prompt,
    inputs: isRecord(inputs) ? inputs : {},
    referenceImage: referenceImage === true,
    label: typeof label === 'string' ? label : '',
  };
}
