/**
 * The one class of input that runs through every part of a fuzzed request: the names
 * `Object.prototype` answers to, as path ids, query and body keys, scenario and `Prefer` keys,
 * header values and credentials.
 */
import fc from 'fast-check';

/** Names `Object.prototype` answers to: a look-up by a client's name must never find them. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'] as const;
export const prototypeNameArb: fc.Arbitrary<string> = fc.constantFrom(...PROTOTYPE_NAMES);

/** A credential that is one of {@link PROTOTYPE_NAMES}, picked from the case's path so a replay picks the same. */
export function prototypeCredential(input: { path: string; query: string }): string {
  return PROTOTYPE_NAMES[(input.path.length + input.query.length) % PROTOTYPE_NAMES.length] as string;
}
