import { describe, expect, it } from 'vitest';
import { createLatencyModel } from './latency.js';
import { createRandom } from './random.js';

const OPERATIONS = { chatImage: { minMs: 30_000, maxMs: 90_000 }, agentCover: { minMs: 30_000, maxMs: 300_000, modeMs: 60_000 } };

describe('latency model', () => {
  it.each([
    ['chatImage', 30_000, 90_000],
    ['agentCover', 30_000, 300_000],
  ])('samples %s within its documented bounds', (operationId, min, max) => {
    const model = createLatencyModel({ operations: OPERATIONS, profile: { factor: 1 }, random: createRandom(1) });
    const samples = Array.from({ length: 2_000 }, () => model.sample(operationId));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...samples)).toBeLessThanOrEqual(max);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });

  it('scales by the profile factor and is zero for instant', () => {
    const fast = createLatencyModel({ operations: OPERATIONS, profile: { factor: 0.01 }, random: createRandom(1) });
    const instant = createLatencyModel({ operations: OPERATIONS, profile: { factor: 0 }, random: createRandom(1) });
    const sample = fast.sample('chatImage');
    expect(sample).toBeGreaterThanOrEqual(300);
    expect(sample).toBeLessThanOrEqual(900);
    expect(instant.sample('chatImage')).toBe(0);
    expect(fast.bounds('chatImage')).toEqual({ minMs: 300, maxMs: 900 });
  });

  it('is zero for operations without a distribution', () => {
    const model = createLatencyModel({ operations: OPERATIONS, profile: { factor: 1 }, random: createRandom(1) });
    expect(model.sample('configOptions')).toBe(0);
  });

  it('repeats the same samples for the same seed', () => {
    const make = () => createLatencyModel({ operations: OPERATIONS, profile: { factor: 1 }, random: createRandom(5) });
    const a = make();
    const b = make();
    expect([a.sample('agentCover'), a.sample('agentCover')]).toEqual([b.sample('agentCover'), b.sample('agentCover')]);
  });
});
