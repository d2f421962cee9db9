/**
 * The fuzz run of one upstream: its cases spread over its operations and unknown routes, one
 * request each, every answer judged and the error log read after each case.
 */
import fc from 'fast-check';
import { caseArb, toRawRequest, type OperationFuzz, type UpstreamFuzz } from './fuzz-case.js';
import type { FuzzServer } from './fuzz-server.js';
import { CASES_PER_UPSTREAM, FUZZ_SEED } from './fuzz-settings.js';
import { judge, judgeUnknownRoute } from './judge-answer.js';

export interface FuzzRun {
  cases: number;
  ms: number;
  perOperation: Record<string, number>;
  /** How often each status was answered: shows the cases reach past authentication. */
  statuses: Record<string, number>;
}

/**
 * Runs `casesPerUpstream` cases split evenly over the operations plus unknown routes, each an
 * fc.assert with the fixed seed; fails on the first unacceptable answer (shrunk by fast-check).
 */
export async function fuzzUpstream(fuzz: FuzzServer, spec: UpstreamFuzz, casesPerUpstream = CASES_PER_UPSTREAM): Promise<FuzzRun> {
  const targets: (OperationFuzz | undefined)[] = [...spec.operations, undefined];
  const numRuns = Math.ceil(casesPerUpstream / targets.length);
  const perOperation: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const started = performance.now();
  for (const [index, operation] of targets.entries()) {
    const name = operation?.operationId ?? 'unknown routes';
    perOperation[name] = 0;
    await fc.assert(
      fc.asyncProperty(caseArb(fuzz, spec, operation), async (fuzzCase) => {
        perOperation[name] = (perOperation[name] ?? 0) + 1;
        const raw = toRawRequest(spec, fuzzCase);
        const answer = await fuzz.send(raw);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const failure = operation ? judge(fuzz, operation.operationId, raw, answer) : judgeUnknownRoute(fuzz, fuzzCase.path, raw, answer);
        if (failure) throw new Error(`${failure}\n  case: ${fuzzCase.method} ${raw.path} ${fuzzCase.body.label} auth=${fuzzCase.auth} prefer=${fuzzCase.prefer ?? ''}`);
        const logged = fuzz.errorLogs;
        if (logged.length) throw new Error(`unexpected error logged: ${logged[0]?.slice(0, 400)}\n  case: ${fuzzCase.method} ${raw.path} ${fuzzCase.body.label}`);
      }),
      { seed: FUZZ_SEED + index, numRuns, endOnFailure: process.env.PIXMOCK_FUZZ_SHRINK !== '1' },
    );
  }
  const cases = Object.values(perOperation).reduce((sum, count) => sum + count, 0);
  return { cases, ms: performance.now() - started, perOperation, statuses };
}
