import { describe, expect, it } from 'vitest';
import { approximateBytes } from './approximate-bytes.js';

describe('approximateBytes', () => {
  it('counts a long string at two bytes a character, wherever it sits', () => {
    const user = 'u'.repeat(1_000_000);
    for (const value of [user, { user }, [user], new Map([['k', user]]), { deep: { deeper: [{ user }] } }]) {
      expect(approximateBytes(value)).toBeGreaterThanOrEqual(2_000_000);
      expect(approximateBytes(value)).toBeLessThan(2_001_000);
    }
  });

  it('counts buffers at their length and functions at nothing', () => {
    expect(approximateBytes(Buffer.alloc(100_000))).toBeGreaterThanOrEqual(100_000);
    expect(approximateBytes(() => 'x'.repeat(10))).toBe(0);
  });

  it('counts an object reached twice once, and ends on cycles', () => {
    const shared = { text: 's'.repeat(10_000) };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(approximateBytes(cyclic)).toBeLessThan(21_000);
  });
});
