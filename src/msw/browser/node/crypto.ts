/**
 * The part of `node:crypto` pixmock uses, for the browser bundle: SHA-256 and HMAC-SHA256 from
 * @noble/hashes (synchronous, as node's are, so aibabe signatures, Dify file signs and the seeded
 * ids keep their synchronous interfaces; WebCrypto has only asynchronous digests), random bytes from
 * `crypto.getRandomValues`. Digests come back as `Buffer`s, the bundle's polyfilled one.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';

type Input = string | Uint8Array;

interface Digest {
  update(data: Input, encoding?: 'utf8'): Digest;
  digest(): Buffer;
  digest(encoding: 'hex' | 'base64'): string;
}

function onlySha256(algorithm: string): void {
  if (algorithm !== 'sha256') throw new Error(`Failed to hash: the browser bundle has sha256 only, not ${algorithm}.`);
}

function digestOf(finish: (data: Uint8Array) => Uint8Array): Digest {
  const parts: Uint8Array[] = [];
  const digest = {
    update(data: Input) {
      parts.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      return digest;
    },
    digest(encoding?: 'hex' | 'base64') {
      const bytes = Buffer.from(finish(Buffer.concat(parts)));
      return encoding ? bytes.toString(encoding) : bytes;
    },
  };
  return digest as Digest;
}

export function createHash(algorithm: string): Digest {
  onlySha256(algorithm);
  return digestOf((data) => sha256(data));
}

export function createHmac(algorithm: string, key: Input): Digest {
  onlySha256(algorithm);
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return digestOf((data) => hmac(sha256, keyBytes, data));
}

export function randomBytes(size: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(size)));
}

/** A uniform integer in [0, max), by rejection so no value is likelier than another. */
export function randomInt(max: number): number {
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while (word[0]! >= limit);
  return word[0]! % max;
}

/** Compares every byte whatever the first difference, as node's does; lengths must match. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
