/**
 * Judges one proxied exchange with the contract suite's own checks, in two phases: what can be
 * judged from the status line and headers alone (before they are sent on, so the verdict can ride
 * in `x-pixmock-violations`), and the rest once the body has passed. Only the checks that need
 * nothing but the exchange itself run: the others judge a request the suite built (expected
 * outcome, echoed metadata), or several calls of one case (task lifecycle, probes).
 */
import type { ContractRegistry, OperationContract } from '../contracts/index.js';
import { findingsFrom } from '../suite/check-failure.js';
import { EXCHANGE_CHECKS, NOT_APPLICABLE, type CheckInput, type ExchangeCheck } from '../suite/checks/index.js';
import type { ErrorExpectations } from '../suite/error-expectations.js';
import type { LatencyBounds } from '../suite/latency-bounds.js';
import type { SuitePromises } from '../suite/promises.js';
import type { Exchange, Finding, SuiteCase, SuiteResponse, TargetInfo } from '../suite/types.js';

/** Checks that need only the status and headers. Content type runs here on the media type and again with the body (which must parse). */
export const HEAD_CHECKS = ['status_code_conformance', 'content_type_conformance'] as const;
export const BODY_CHECKS = ['content_type_conformance', 'response_schema_conformance', 'envelope_rules', 'documented_error', 'image_validity', 'sse_grammar'] as const;

export interface JudgeContext {
  contracts: ContractRegistry;
  target: TargetInfo;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  errorExpectations: ErrorExpectations;
}

export interface Judgement {
  findings: Finding[];
  checksRun: number;
  notes: string[];
}

export async function judgeExchange(names: readonly string[], exchange: Exchange & { response: SuiteResponse }, suiteCase: SuiteCase, operation: OperationContract, context: JudgeContext): Promise<Judgement> {
  const judgement: Judgement = { findings: [], checksRun: 0, notes: [] };
  const input: CheckInput = { ...context, exchange, response: exchange.response, suiteCase, operation, now: exchange.receivedAt ?? Date.now() };
  for (const name of names) {
    const check = EXCHANGE_CHECKS[name] as ExchangeCheck;
    try {
      const outcome = await check(input);
      if (outcome === NOT_APPLICABLE) continue;
      if (outcome && typeof outcome === 'object') {
        judgement.notes.push(outcome.skipped);
        continue;
      }
      judgement.checksRun += 1;
    } catch (error) {
      judgement.checksRun += 1;
      judgement.findings.push(...findingsFrom(error, suiteCase.id, operation.operationId, name));
    }
  }
  return judgement;
}
