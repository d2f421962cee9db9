/**
 * JSON with object keys sorted at every depth, so equal values always serialize (and hash) alike
 * whatever order their keys were written in.
 */
import { createHash } from 'node:crypto';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    // No prototype: a `__proto__` key in the value is kept as a key, not taken for the setter.
    const sorted = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

/** `JSON.stringify` with sorted keys (same rules otherwise: `undefined` members dropped, `toJSON` honoured for dates). */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

/** Hex SHA-256 of {@link stableStringify}. */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}
