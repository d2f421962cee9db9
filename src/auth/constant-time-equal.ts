/**
 * Compares two secrets (signatures, tokens) without leaking where they first differ.
 *
 * `crypto.timingSafeEqual` needs equal-length buffers. When the lengths differ we still run one
 * comparison of the expected value against itself, so the only thing the timing can reveal is
 * that the length was wrong — and the expected length of a signature is public anyway.
 *
 * @example
 * constantTimeEqual(request.headers['x-signature'], expectedHex); // → boolean
 */
import { timingSafeEqual } from 'node:crypto';

export function constantTimeEqual(actual: string, expected: string): boolean {
  const actualBytes = Buffer.from(actual, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  if (actualBytes.length !== expectedBytes.length) {
    timingSafeEqual(expectedBytes, expectedBytes);
    return false;
  }
  return timingSafeEqual(actualBytes, expectedBytes);
}
