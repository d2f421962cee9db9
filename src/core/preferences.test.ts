import { describe, expect, it } from 'vitest';
import { parsePrefer } from './preferences.js';

describe('parsePrefer', () => {
  it('reads scenario, latency and code', () => {
    expect(parsePrefer('scenario=agent_not_found, latency=0, code=401')).toEqual({ scenario: 'agent_not_found', latencyMs: 0, code: 401, other: {} });
  });

  it('passes unknown keys through and accepts quoted values and semicolons', () => {
    expect(parsePrefer('mode="openai"; latency=250ms')).toEqual({ latencyMs: 250, other: { mode: 'openai' } });
  });

  it('returns no preferences for a missing header', () => {
    expect(parsePrefer(undefined)).toEqual({ other: {} });
  });

  it.each([
    ['scenario', /key=value/],
    ['latency=-1', /non-negative/],
    ['latency=soon', /non-negative/],
    ['latency=86400001', /at most 86400000/],
    ['latency=1e300', /at most 86400000/],
    ['code=99', /HTTP status/],
    ['code=abc', /HTTP status/],
    ['scenario=a=b', /key=value/],
    ['scenario=<script>', /key=value/],
  ])('rejects %s with a 422 problem', (header, detail) => {
    try {
      parsePrefer(header);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 422, detail: expect.stringMatching(detail) });
    }
  });
});
