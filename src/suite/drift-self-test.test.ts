/**
 * The suite catches drift: each deliberately broken variant of the mock (one deviation each)
 * is caught by the check it exists for, with a finding naming the field, and by exactly the other
 * checks it lists (most list none), so no check catches it by surprise; every check has a variant
 * that it alone catches; and the same wrapping with no deviation passes.
 */
import { expect, it } from 'vitest';
import { CASE_CHECKS, EXCHANGE_CHECKS } from './checks/index.js';
import type { DriftVariant } from './test-helpers/drift/drift-variant.js';
import { DRIFT_VARIANTS } from './test-helpers/drift/drift-variants.js';
import { withResponseTransform } from './test-helpers/drift/response-transform.js';
import { describeFindings, runAgainstMock } from './test-helpers/run-against-mock.js';

it.each(DRIFT_VARIANTS.map((variant) => [variant.name, variant.check, variant] as const))('fails on %s, caught by %s naming the field and by exactly the checks it lists', async (_name, check, variant) => {
  const result = await runAgainstMock(variant.upstream, { wrap: variant.wrap, filter: variant.cases, mock: await variant.mock?.() });

  expect(result.summary.cases).toBeGreaterThan(0);
  expect(result.passed).toBe(false);
  const failures = result.cases.flatMap((c) => c.findings).filter((f) => f.severity === 'error');
  expect(failures.some((f) => f.check === check && variant.caught(f)), describeFindings(result)).toBe(true);
  const caughtBy = [...new Set(failures.map((f) => f.check))].sort();
  expect(caughtBy, describeFindings(result)).toEqual([check, ...(variant.alsoCaughtBy ?? [])].sort());
});

it('has, for every check, a broken variant that only that check catches', () => {
  const covered = new Set(DRIFT_VARIANTS.filter((variant) => !variant.alsoCaughtBy?.length).map((variant) => variant.check));

  expect([...Object.keys(EXCHANGE_CHECKS), ...Object.keys(CASE_CHECKS)].filter((check) => !covered.has(check))).toEqual([]);
});

/** Variants that run the mock alike share one faithful baseline. */
function baselines(): [string, DriftVariant[]][] {
  const groups = new Map<string, DriftVariant[]>();
  for (const variant of DRIFT_VARIANTS) {
    const key = `${variant.upstream} ${variant.mock ? variant.name : 'default mock'}`;
    groups.set(key, [...(groups.get(key) ?? []), variant]);
  }
  return [...groups];
}

it.each(baselines())('passes on the faithful %s behind the same wrapping', async (_label, variants) => {
  const [first] = variants as [DriftVariant];
  const mock = await first.mock?.();
  // A variant whose mock is configured against a promise is compared with the default mock.
  const faithfulMock = mock?.mocks ? { ...mock, mocks: undefined } : mock;
  const wrap = first.faithfulWrap ?? ((app: Parameters<typeof withResponseTransform>[0]) => withResponseTransform(app, () => undefined));
  const result = await runAgainstMock(first.upstream, { wrap, filter: (c) => variants.some((v) => v.cases(c)), mock: faithfulMock });

  expect(describeFindings(result)).toBe('');
  expect(result.summary.cases).toBeGreaterThan(0);
  expect(result.passed).toBe(true);
});
