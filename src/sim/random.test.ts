import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from './random.js';

describe('seeded random', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect([a.uuid(), a.hex(8), a.int(1, 6)]).toEqual([b.uuid(), b.hex(8), b.int(1, 6)]);
  });

  it('gives different sequences for different seeds', () => {
    expect(createRandom(1).alphanumeric(32)).not.toBe(createRandom(2).alphanumeric(32));
  });

  it('produces version-4 UUIDs and alphanumeric trace ids', () => {
    const random = createRandom(7);
    for (let i = 0; i < 50; i++) {
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(random.alphanumeric(32)).toMatch(/^[A-Za-z0-9]{32}$/);
    }
  });

  it('forks independent streams that do not shift each other', () => {
    const parent = createRandom(9);
    const first = parent.fork('latency').int(0, 1e9);
    parent.int(0, 10);
    expect(createRandom(9).fork('latency').int(0, 1e9)).toBe(first);
    expect(deriveSeed(9, 'a')).not.toBe(deriveSeed(9, 'b'));
  });

  it('keeps float within [0, 1)', () => {
    const random = createRandom(3);
    for (let i = 0; i < 1_000; i++) {
      const value = random.float();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
