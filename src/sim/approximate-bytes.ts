/**
 * Roughly how many bytes of heap a value holds, for stores bounded in bytes: strings at two bytes
 * a character, buffers at their length, objects and arrays at a fixed overhead plus what they hold.
 * It errs high, never low, and counts an object reached twice once; functions count nothing
 * (their code is shared).
 *
 * @example
 * approximateBytes({ user: 'x'.repeat(1_000_000) }); // a little over 2,000,000
 */
const OBJECT_BYTES = 32;
const SLOT_BYTES = 8;
const STRING_HEADER_BYTES = 16;
const NUMBER_BYTES = 8;

export function approximateBytes(value: unknown): number {
  return measure(value, undefined);
}

function measure(value: unknown, seen: Set<object> | undefined): number {
  switch (typeof value) {
    case 'string':
      return STRING_HEADER_BYTES + value.length * 2;
    case 'number':
    case 'bigint':
    case 'boolean':
      return NUMBER_BYTES;
    case 'object':
      return value === null ? 0 : measureObject(value, seen ?? new Set());
    default:
      return 0;
  }
}

function measureObject(value: object, seen: Set<object>): number {
  if (seen.has(value)) return SLOT_BYTES;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return OBJECT_BYTES + value.byteLength;
  if (value instanceof ArrayBuffer) return OBJECT_BYTES + value.byteLength;
  let total = OBJECT_BYTES;
  if (value instanceof Map) {
    for (const [key, item] of value) total += SLOT_BYTES * 2 + measure(key, seen) + measure(item, seen);
    return total;
  }
  if (value instanceof Set || Array.isArray(value)) {
    for (const item of value) total += SLOT_BYTES + measure(item, seen);
    return total;
  }
  for (const key of Object.keys(value)) total += SLOT_BYTES + measure(key, seen) + measure((value as Record<string, unknown>)[key], seen);
  return total;
}
