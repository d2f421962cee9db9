/**
 * The part of `node:zlib` the browser bundle reaches: the CRC-32 of PNG chunks. Inflating is for
 * reading compressed text chunks of PNGs a user sends, which the page never needs: it throws, and
 * the chunk reader skips such a chunk as it skips a corrupt one.
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function inflateSync(): never {
  throw new Error('Failed to inflate: the browser bundle reads no compressed PNG chunk.');
}

/** Request bodies in the page are decompressed by the fetch adapter (DecompressionStream), never by these. */
export const createGunzip = inflateSync;
export const createInflate = inflateSync;
export const createBrotliDecompress = inflateSync;
