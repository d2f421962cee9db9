import { expect, it } from 'vitest';
import { describeFindings, runAgainstMock } from './test-helpers/run-against-mock.js';

it('passes every case of the aibabe contract against the in-process aibabe mock', async () => {
  const result = await runAgainstMock('aibabe');

  expect(describeFindings(result)).toBe('');
  expect(result.summary.failed).toBe(0);
  expect(result.summary.skipped).toBe(0);
  expect(result.summary.checksRun).toBeGreaterThan(250);
  expect(result.summary.generationCalls).toBeGreaterThan(0);
  expect(new Set(result.cases.map((c) => c.case.source))).toEqual(new Set(['example', 'generated', 'required-missing', 'wrong-type', 'out-of-enum', 'oversize', 'auth', 'echo', 'state']));
});
