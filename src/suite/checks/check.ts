/**
 * A check is a small named function over one exchange (or one whole case) that throws a
 * `CheckFailure` when the response breaks the contract. It returns `NOT_APPLICABLE` when it has
 * nothing to say about this exchange, or `{ skipped }` with a note when it chose not to judge.
 */
import type { ContractRegistry, OperationContract } from '../../contracts/index.js';
import type { ErrorExpectations } from '../error-expectations.js';
import type { LatencyBounds } from '../latency-bounds.js';
import type { SuitePromises } from '../promises.js';
import type { CaseResult, Exchange, SuiteCase, SuiteResponse, TargetInfo } from '../types.js';

export const NOT_APPLICABLE = Symbol('not applicable');

export type CheckOutcome = void | typeof NOT_APPLICABLE | { skipped: string };

export interface CheckInput {
  exchange: Exchange;
  response: SuiteResponse;
  suiteCase: SuiteCase;
  operation: OperationContract;
  contracts: ContractRegistry;
  target: TargetInfo;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  errorExpectations: ErrorExpectations;
  /** The target's clock as the suite knows it (the suite machine's, plus what it moved a pixmock clock by), epoch milliseconds. */
  now: number;
}

export interface ExchangeCheck {
  (input: CheckInput): CheckOutcome | Promise<CheckOutcome>;
}

export interface CaseCheckInput {
  suiteCase: SuiteCase;
  exchanges: Exchange[];
  contracts: ContractRegistry;
  target: TargetInfo;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  now: number;
}

export interface CaseCheck {
  (input: CaseCheckInput): CheckOutcome | Promise<CheckOutcome>;
}

/** Success as every upstream defines it: 2xx, and not aibabe's `success: false` on HTTP 200. */
export function isSuccess(response: SuiteResponse): boolean {
  if (response.status < 200 || response.status > 299) return false;
  const body = response.json as Record<string, unknown> | undefined;
  return !(body && typeof body === 'object' && body.success === false);
}

export type { CaseResult };
