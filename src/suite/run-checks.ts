/**
 * Runs every check on a case once its requests are sent: each exchange check on each exchange
 * (an exchange without a response is a transport finding), then each case check on the whole
 * case. A check that throws becomes findings; one that crashes never stops the others.
 */
import type { ContractRegistry, OperationContract, UpstreamContract } from '../contracts/index.js';
import { findingsFrom } from './check-failure.js';
import { CASE_CHECKS, EXCHANGE_CHECKS, NOT_APPLICABLE, type CheckOutcome } from './checks/index.js';
import type { ErrorExpectations } from './error-expectations.js';
import type { LatencyBounds } from './latency-bounds.js';
import type { SuitePromises } from './promises.js';
import type { Exchange, Finding, SuiteCase, TargetInfo } from './types.js';

export interface RunChecksInput {
  suiteCase: SuiteCase;
  exchanges: Exchange[];
  upstream: UpstreamContract;
  contracts: ContractRegistry;
  target: TargetInfo;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  errorExpectations: ErrorExpectations;
  /** The target's clock, epoch milliseconds. */
  now: () => number;
}

export interface ChecksOutcome {
  findings: Finding[];
  /** Checks that ran (not counting those that did not apply or chose not to judge). */
  checksRun: number;
  /** Why checks chose not to judge, each once. */
  notes: string[];
}

export async function runChecks(input: RunChecksInput): Promise<ChecksOutcome> {
  const { suiteCase, exchanges, upstream, contracts, target, latencyBounds, promises, errorExpectations, now } = input;
  const outcome: ChecksOutcome = { findings: [], checksRun: 0, notes: [] };
  const count = (result: CheckOutcome) => {
    if (result === NOT_APPLICABLE) return;
    if (result && typeof result === 'object') {
      if (!outcome.notes.includes(result.skipped)) outcome.notes.push(result.skipped);
      return;
    }
    outcome.checksRun += 1;
  };
  const failed = (error: unknown, operationId: string, check: string) => {
    outcome.checksRun += 1;
    outcome.findings.push(...findingsFrom(error, suiteCase.id, operationId, check));
  };

  for (const exchange of exchanges) {
    const operation = upstream.operations.get(exchange.operationId) as OperationContract;
    if (!exchange.response) {
      outcome.findings.push(transportFinding(suiteCase, exchange));
      continue;
    }
    for (const [name, check] of Object.entries(EXCHANGE_CHECKS)) {
      try {
        count(await check({ exchange, response: exchange.response, suiteCase, operation, contracts, target, latencyBounds, promises, errorExpectations, now: exchange.receivedAt ?? now() }));
      } catch (error) {
        failed(error, exchange.operationId, name);
      }
    }
  }
  for (const [name, check] of Object.entries(CASE_CHECKS)) {
    try {
      count(await check({ suiteCase, exchanges, contracts, target, latencyBounds, promises, now: now() }));
    } catch (error) {
      failed(error, suiteCase.operationId, name);
    }
  }
  return outcome;
}

function transportFinding(suiteCase: SuiteCase, exchange: Exchange): Finding {
  const received = exchange.error ?? 'no response';
  return { check: 'transport', caseId: suiteCase.id, operationId: exchange.operationId, severity: 'error', pointer: '', received, documented: 'a response', message: `Received: ${received} / Documented: a response` };
}
