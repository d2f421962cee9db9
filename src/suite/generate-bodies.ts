/**
 * Valid request bodies made from a documented example: variations drawn with fast-check from the
 * seed, and the example with the distinctive values the docs promise to echo.
 */
import type { Arbitrary } from 'fast-check';
import { isObject, pointerTokens, type PropertyInfo } from './schema-walk.js';
import { labelHash } from './seeded-random.js';

export type FastCheck = (typeof import('fast-check'))['default'];

/** Valid variations of `first`: every enum, integer range and boolean property drawn with fast-check from the seed. */
export function generateBodies(fc: FastCheck, first: unknown, properties: PropertyInfo[], seed: number, operationId: string, count: number): unknown[] {
  const variable = properties.filter((p) => (p.enum && p.enum.length > 1) || (p.types.length === 1 && ['integer', 'boolean'].includes(p.types[0] as string)));
  if (variable.length === 0 || count <= 0) return [];
  const arbitraries = Object.fromEntries(variable.map((p) => [p.pointer, arbitraryFor(fc, p)]));
  const samples = fc.sample(fc.record(arbitraries), { seed: seed ^ labelHash(operationId), numRuns: count });
  return samples.map((sample) => {
    let body = structuredClone(first);
    for (const [pointer, value] of Object.entries(sample)) body = setAt(body, pointer, value);
    return body;
  });
}

/** `body` with the distinctive values sent where the docs promise an echo (fixtures/suite/promises.json `echo`). */
export function withEchoValues(body: unknown, values: Record<string, unknown> | undefined): unknown {
  let out = body;
  for (const [pointer, value] of Object.entries(values ?? {})) out = setAt(out, pointer, structuredClone(value));
  return out;
}

function arbitraryFor(fc: FastCheck, property: PropertyInfo): Arbitrary<unknown> {
  if (property.enum) return fc.constantFrom(...property.enum);
  if (property.types[0] === 'boolean') return fc.boolean();
  const min = typeof property.schema.minimum === 'number' ? property.schema.minimum : 0;
  const max = typeof property.schema.maximum === 'number' ? property.schema.maximum : min + 10;
  return fc.integer({ min, max });
}

/** Sets `value` at `pointer` in `body` (changed in place), making the objects on the way. */
function setAt(body: unknown, pointer: string, value: unknown): unknown {
  const tokens = pointerTokens(pointer);
  const last = tokens.pop();
  let current: unknown = body;
  for (const token of tokens) {
    if (!isObject(current)) return body;
    current[token] ??= {};
    current = current[token];
  }
  if (isObject(current) && last !== undefined) current[last] = value;
  return body;
}
