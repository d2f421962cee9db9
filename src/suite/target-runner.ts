/**
 * Runs cases against one target, one at a time: takes a generation from the budget when the case
 * pays for one, sends its requests through the flow, runs every check on what came back, and
 * reports the case's start, progress and end. A flow that throws is a finding, never an abort.
 */
import type { ContractRegistry } from '../contracts/index.js';
import { findingsFrom } from './check-failure.js';
import type { ErrorExpectations } from './error-expectations.js';
import { exerciseCase } from './exercise-case.js';
import { createFlowSession, type RunningCase } from './flow-session.js';
import type { UpstreamFlow } from './flows/flow.js';
import type { GenerationBudget } from './generation-budget.js';
import type { LatencyBounds } from './latency-bounds.js';
import type { SuitePromises } from './promises.js';
import { redactExchange, redactFinding, type Redactor } from './redact.js';
import { runChecks } from './run-checks.js';
import { createTargetClock } from './target-clock.js';
import type { CaseResult, Finding, SuiteCase, SuiteEvent, SuiteTarget, TargetInfo, Transport } from './types.js';

export interface TargetRunnerOptions {
  target: SuiteTarget;
  flow: UpstreamFlow;
  transport: Transport;
  info: TargetInfo;
  /** `GET /__pixmock/health` when the target is a pixmock. */
  health: Record<string, unknown> | undefined;
  contracts: ContractRegistry;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  errorExpectations: ErrorExpectations;
  seed: number;
  redact: Redactor;
  emit: (event: SuiteEvent) => void;
  budget: GenerationBudget;
  /** Bumped whenever the suite moves any target's clock (targets may share one). */
  clockState: { generation: number };
}

export interface TargetRunner {
  run(suiteCase: SuiteCase): Promise<CaseResult>;
}

export function createTargetRunner(options: TargetRunnerOptions): TargetRunner {
  const { target, flow, transport, info, health, contracts, latencyBounds, promises, errorExpectations, redact, emit, budget, clockState } = options;
  const upstream = contracts.upstream(target.upstream);
  const clock = createTargetClock({ transport, health, timeScale: info.timeScale, clockState });
  const { session, recordInto } = createFlowSession({ ...options, clock, pixmock: health !== undefined });

  async function run(suiteCase: SuiteCase): Promise<CaseResult> {
    await clock.sync();
    const running: RunningCase = { suiteCase, exchanges: [], notes: [], started: performance.now() };
    recordInto(running);
    emit({ type: 'case-start', case: suiteCase });
    const findings: Finding[] = [];
    let checksRun = 0;

    const finish = (status: CaseResult['status'], skipReason?: string): CaseResult => {
      recordInto(undefined);
      const result: CaseResult = {
        case: suiteCase,
        status,
        exchanges: running.exchanges.map((x) => redactExchange(x, redact)),
        findings: findings.map((f) => redactFinding(f, redact)),
        checksRun,
        notes: running.notes,
        ...(skipReason ? { skipReason } : {}),
        durationMs: Math.round(performance.now() - running.started),
      };
      emit({ type: 'case-end', result });
      return result;
    };

    if (suiteCase.cost === 'generation') {
      const exhausted = budget.take();
      if (exhausted) return finish('skipped', exhausted);
    }

    let skipReason: string | undefined;
    try {
      skipReason = await exerciseCase(suiteCase, flow, session);
    } catch (error) {
      findings.push(...findingsFrom(error, suiteCase.id, suiteCase.operationId, 'flow'));
    }
    // A skip comes before the primary request, so no generation was paid for.
    if (skipReason !== undefined && suiteCase.cost === 'generation') budget.refund();

    const checked = await runChecks({ suiteCase, exchanges: running.exchanges, upstream, contracts, target: info, latencyBounds, promises, errorExpectations, now: session.now });
    findings.push(...checked.findings);
    checksRun = checked.checksRun;
    for (const note of checked.notes) if (!running.notes.includes(note)) running.notes.push(note);

    if (findings.some((f) => f.severity === 'error')) return finish('failed');
    return skipReason === undefined ? finish('passed') : finish('skipped', skipReason);
  }

  return { run };
}
