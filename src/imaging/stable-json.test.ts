import { describe, expect, it } from 'vitest';
import { stableHash, stableStringify } from './stable-json.js';

describe('stableStringify', () => {
  it('writes keys sorted at every depth', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { z: 0, y: 1 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"y":1,"z":0}]},"b":1}');
  });

  it('keeps a "__proto__" key a client sent, so two different values never hash alike', () => {
    const withKey = JSON.parse('{"metadata":{"__proto__":{"x":1}}}') as unknown;
    expect(stableStringify(withKey)).toBe('{"metadata":{"__proto__":{"x":1}}}');
    expect(stableHash(withKey)).not.toBe(stableHash({ metadata: {} }));
  });
});
