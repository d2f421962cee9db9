import { describe, expect, it } from 'vitest';
import { createMockServer } from '../app/create-mock-servers.js';

describe('the body limit an upstream enforces', () => {
  it.each([
    ["the contract's x-pixmock-body-limit, under a larger --max-body-bytes", { bodyBytes: 32 * 1024 * 1024, stateBytes: 256 * 1024 * 1024 }, 16 * 1024 * 1024],
    ['--max-body-bytes, when it is the smaller', undefined, 1024 * 1024],
  ])('is %s', async (_case, limits, expected) => {
    const dify = await createMockServer('dify', { latency: 'instant', limits });
    expect(dify.context.contract.bodyLimit).toBe(16 * 1024 * 1024);
    expect(dify.context.limits.bodyBytes).toBe(expected);
  });
});
