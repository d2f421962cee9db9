/**
 * Runs the contract suite: builds each target's cases from the contracts, runs them on every
 * target at once (each target's cases in turn, see target-runner.ts), and tells the reporters as
 * it goes. Never throws for a contract failure: failures are data in the result.
 *
 * @example
 * const server = await createMockServer('chatfire', { latency: 'fast', timeScale: 100 });
 * const result = await runContractSuite({
 *   targets: [{ upstream: 'chatfire', app: server.app, credentials: server.demo, live: false }],
 *   reporters: [createConsoleReporter()],
 * });
 * process.exitCode = result.passed ? 0 : 1;
 */
import { loadContracts, type ContractRegistry } from '../contracts/index.js';
import { connectTarget } from './connect-target.js';
import { loadErrorExpectations } from './error-expectations.js';
import { flowFor } from './flows/index.js';
import { createGenerationBudget } from './generation-budget.js';
import { generateCases } from './generate-cases.js';
import { loadLatencyBounds } from './latency-bounds.js';
import { loadPromises } from './promises.js';
import { createRedactor } from './redact.js';
import { createTargetRunner } from './target-runner.js';
import type { CaseCost, CaseResult, SuiteCase, SuiteEvent, SuiteReporter, SuiteResult, SuiteSummary, SuiteTarget } from './types.js';

export interface RunContractSuiteOptions {
  targets: SuiteTarget[];
  /** Only cases with these costs. Default: both. */
  tags?: CaseCost[];
  /** Most generation cases run (across targets). Default: 0 when any target is live, else unlimited. */
  budget?: number;
  /** Seeds generated bodies and ids; printed by the reporters; the same seed replays the run. */
  seed?: number;
  /** List the cases and their cost; send nothing. */
  dryRun?: boolean;
  reporters?: SuiteReporter[];
  contracts?: ContractRegistry;
  fixturesDir?: string;
  /** Generated valid bodies per operation. Default 2. */
  generatedPerOperation?: number;
  /** Keep only the cases this returns true for. */
  filter?: (suiteCase: SuiteCase) => boolean;
}

export async function runContractSuite(options: RunContractSuiteOptions): Promise<SuiteResult> {
  const started = performance.now();
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const contracts = options.contracts ?? (await loadContracts());
  const latencyBounds = await loadLatencyBounds(options.fixturesDir);
  const promises = await loadPromises(options.fixturesDir);
  const errorExpectations = await loadErrorExpectations(options.fixturesDir);
  const reporters = options.reporters ?? [];
  const anyLive = options.targets.some((t) => t.live);
  const budget = options.budget ?? (anyLive ? 0 : Number.POSITIVE_INFINITY);
  const tags = options.tags ?? ['free', 'generation'];
  const redact = createRedactor([...options.targets.flatMap((t) => secretsOf(t)), ...Object.values(promises.state.otherKeys)]);
  const emit = (event: SuiteEvent) => {
    for (const reporter of reporters) reporter.onEvent(event);
  };

  const prepared = await Promise.all(options.targets.map(async (target) => {
    const flow = flowFor(target.upstream);
    const { transport, health, info } = await connectTarget(target, { dryRun: options.dryRun });
    const cases = (await generateCases({ contracts, flow, seed, fixturesDir: options.fixturesDir, generatedPerOperation: options.generatedPerOperation }))
      .filter((c) => tags.includes(c.cost))
      .filter((c) => options.filter?.(c) ?? true);
    return { target, flow, transport, info, cases, health };
  }));

  const allCases = prepared.flatMap((p) => p.cases);
  emit({ type: 'run-start', seed, targets: prepared.map((p) => p.info), cases: allCases, dryRun: options.dryRun ?? false, budget });

  const generations = createGenerationBudget(budget);
  const clockState = { generation: 0 };
  const results: CaseResult[] = [];
  if (!options.dryRun) {
    const running = prepared.map(({ target, flow, transport, info, health, cases }) => ({
      cases,
      runner: createTargetRunner({ target, flow, transport, info, health, contracts, latencyBounds, promises, errorExpectations, seed, redact, emit, budget: generations, clockState }),
    }));
    const perTarget = await Promise.all(running.map(async ({ cases, runner }) => {
      const out: CaseResult[] = [];
      for (const suiteCase of cases.filter((c) => c.phase !== 'clock')) out.push(await runner.run(suiteCase));
      return out;
    }));
    results.push(...perTarget.flat());
    // Cases that move a target's clock run last and one at a time: `pixmock serve` shares one clock between its upstreams.
    for (const { cases, runner } of running) {
      for (const suiteCase of cases.filter((c) => c.phase === 'clock')) results.push(await runner.run(suiteCase));
    }
    await Promise.all(prepared.map(({ transport }) => transport.close?.()));
  } else {
    results.push(...allCases.map((c): CaseResult => ({ case: c, status: 'skipped', exchanges: [], findings: [], checksRun: 0, notes: [], skipReason: 'dry run', durationMs: 0 })));
  }

  const result: SuiteResult = {
    seed,
    passed: results.every((r) => r.status !== 'failed'),
    targets: prepared.map((p) => p.info),
    cases: results,
    summary: summarize(results, generations.used, Math.round(performance.now() - started)),
  };
  emit({ type: 'run-end', result });
  for (const reporter of reporters) await reporter.close?.();
  return result;
}

function secretsOf(target: SuiteTarget): string[] {
  const flow = flowFor(target.upstream);
  return flow.secretCredentials.map((name) => target.credentials[name]).filter((v): v is string => typeof v === 'string');
}

function summarize(results: CaseResult[], generationCalls: number, durationMs: number): SuiteSummary {
  const findings = results.flatMap((r) => r.findings);
  return {
    cases: results.length,
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
    checksRun: results.reduce((n, r) => n + r.checksRun, 0),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    generationCalls,
    durationMs,
  };
}
