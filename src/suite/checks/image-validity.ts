/**
 * Every image the response carries is a real PNG: the data-URL prefix when one is documented,
 * the PNG signature, a body that decodes, and the size the request asked for.
 */
import { loadSharp } from '../../imaging/load-sharp.js';
import { isPng, PNG_DATA_URL_PREFIX, readPngSize } from '../../imaging/png-text.js';
import { CheckFailure, throwIfAny } from '../check-failure.js';
import { valueAt } from '../pointer-values.js';
import { isSuccess, NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

export async function imageValidity({ exchange, response }: CheckInput): Promise<CheckOutcome> {
  const images = exchange.notes.images;
  if (!images || images.length === 0 || !isSuccess(response)) return NOT_APPLICABLE;
  const failures: CheckFailure[] = [];
  for (const { pointer, encoding } of images) {
    const fail = (received: unknown, documented: unknown) => failures.push(new CheckFailure({ check: 'image_validity', pointer, received, documented }));
    let bytes: Buffer;
    if (encoding === 'body') {
      bytes = response.body;
    } else {
      const value = valueAt(response.json, pointer);
      if (typeof value !== 'string') {
        fail(value, encoding === 'data-url' ? `${PNG_DATA_URL_PREFIX}<base64 PNG>` : 'base64 PNG');
        continue;
      }
      if (encoding === 'data-url' && !value.startsWith(PNG_DATA_URL_PREFIX)) {
        fail(`${value.slice(0, 32)}…`, `${PNG_DATA_URL_PREFIX}<base64 PNG>`);
        continue;
      }
      bytes = Buffer.from(encoding === 'data-url' ? value.slice(PNG_DATA_URL_PREFIX.length) : value, 'base64');
    }
    if (!isPng(bytes)) {
      fail(describeMagic(bytes), 'PNG (signature 89 50 4E 47 0D 0A 1A 0A)');
      continue;
    }
    try {
      await (await loadSharp())(bytes).stats();
    } catch (error) {
      fail(`a PNG that does not decode (${(error as Error).message})`, 'a decodable PNG');
      continue;
    }
    const expected = exchange.notes.imageSize;
    const size = readPngSize(bytes);
    if (expected && size && (size.width !== expected.width || size.height !== expected.height)) {
      fail(`${size.width}x${size.height}`, `${expected.width}x${expected.height} (the requested size)`);
    }
  }
  throwIfAny(failures);
}

function describeMagic(bytes: Buffer): string {
  if (JPEG_MAGIC.every((byte, i) => bytes[i] === byte)) return 'JPEG (ff d8 ff)';
  return bytes.length === 0 ? '(empty)' : `bytes ${bytes.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim()}`;
}
