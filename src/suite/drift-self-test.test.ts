/**
 * The suite catches drift: each deliberately broken variant of the mock (one deviation each)
 * makes the suite fail with a finding naming the field, while the same wrapping with no
 * deviation passes.
 */
import { expect, it } from 'vitest';
import { DRIFT_VARIANTS, withResponseTransform } from './test-helpers/drift-variants.js';
import { describeFindings, runAgainstMock } from './test-helpers/run-against-mock.js';

it.each(DRIFT_VARIANTS.map((variant) => [variant.name, variant] as const))('fails on %s with a finding naming the field', async (_name, variant) => {
  const result = await runAgainstMock(variant.upstream, { wrap: variant.wrap, filter: variant.cases });

  expect(result.summary.cases).toBeGreaterThan(0);
  expect(result.passed).toBe(false);
  const findings = result.cases.flatMap((c) => c.findings);
  expect(findings.some(variant.caught), describeFindings(result)).toBe(true);
});

it.each(['aibabe', 'chatfire', 'dify'] as const)('passes on the faithful %s mock behind the same response transformer', async (upstream) => {
  const cases = new Set(DRIFT_VARIANTS.filter((v) => v.upstream === upstream).map((v) => v.cases));
  const result = await runAgainstMock(upstream, { wrap: (app) => withResponseTransform(app, () => undefined), filter: (c) => [...cases].some((keep) => keep(c)) });

  expect(describeFindings(result)).toBe('');
  expect(result.summary.cases).toBeGreaterThan(0);
  expect(result.passed).toBe(true);
});
