/**
 * Seeded randomness over pure-rand's xoroshiro128+: the same seed gives the same ids, latencies
 * and images run after run. `fork(label)` derives an independent stream, so adding a random call
 * in one place does not shift the numbers another place sees.
 */
import { createHash, randomBytes } from 'node:crypto';
// The subpaths load the one generator and distribution used, not the package's twenty modules.
import { unsafeUniformIntDistribution } from 'pure-rand/distribution/UnsafeUniformIntDistribution';
import { xoroshiro128plus } from 'pure-rand/generator/XoroShiro';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Drawn once per process and mixed into the ids a server issues (unless ids are replayed), so a
 * restarted server with the same seed never hands out an id an earlier one issued.
 */
export const PROCESS_NONCE = randomBytes(8).toString('hex');

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export interface Random {
  readonly seed: number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform float in [0, 1). */
  float(): number;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  alphanumeric(length: number): string;
  /** RFC 4122 version-4 UUID. */
  uuid(): string;
  fork(label: string): Random;
}

export function createRandom(seed: number): Random {
  const generator: RandomGenerator = xoroshiro128plus(seed | 0);
  const int = (min: number, max: number) => unsafeUniformIntDistribution(min, max, generator);
  const chars = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)];
    return out;
  };
  return {
    seed,
    int,
    float: () => int(0, 0x7fffffff) / 0x80000000,
    pick(items) {
      if (items.length === 0) throw new RangeError('Cannot pick from an empty list.');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    hex: (length) => chars(HEX, length),
    alphanumeric: (length) => chars(ALPHANUMERIC, length),
    uuid() {
      const h = chars(HEX, 32);
      const variant = HEX[8 + int(0, 3)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    fork: (label) => createRandom(deriveSeed(seed, label)),
  };
}

/** A 31-bit seed from a parent seed and any text, stable across runs and platforms. */
export function deriveSeed(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}:${label}`).digest().readUInt32BE(0) & 0x7fffffff;
}
