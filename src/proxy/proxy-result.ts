/**
 * The exchanges a proxy judged, as a contract-suite result (one case per exchange), so the suite's
 * JSON and JUnit reporters write the proxy's report exactly as they write `pixmock verify`'s.
 */
import type { CaseResult, SuiteResult, TargetInfo } from '../suite/types.js';
import type { ObservedExchange } from './observe-exchange.js';

/** The proxy sends no generated case: there is no seed to replay. */
const NO_SEED = 0;

export function proxyResult(target: TargetInfo, observed: readonly ObservedExchange[], durationMs: number): SuiteResult {
  const cases = observed.map((o): CaseResult => ({
    case: o.suiteCase,
    status: o.findings.some((f) => f.severity === 'error') ? 'failed' : 'passed',
    exchanges: [o.exchange],
    findings: o.findings,
    checksRun: o.checksRun,
    notes: o.notes,
    durationMs: o.durationMs,
  }));
  const findings = cases.flatMap((c) => c.findings);
  return {
    seed: NO_SEED,
    passed: cases.every((c) => c.status !== 'failed'),
    targets: [target],
    cases,
    summary: {
      cases: cases.length,
      passed: cases.filter((c) => c.status === 'passed').length,
      failed: cases.filter((c) => c.status === 'failed').length,
      skipped: 0,
      checksRun: cases.reduce((n, c) => n + c.checksRun, 0),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      generationCalls: 0,
      durationMs,
    },
  };
}
