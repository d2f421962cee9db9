/**
 * The session a flow drives one target through: its credentials, its clock, seeded randomness,
 * waits in simulated time, and a `send` that records each exchange (and each note and progress
 * line) in the case running at the time.
 */
import type { ContractRegistry } from '../contracts/index.js';
import type { FlowSession, UpstreamFlow } from './flows/flow.js';
import type { LatencyBounds } from './latency-bounds.js';
import type { SuitePromises } from './promises.js';
import type { Redactor } from './redact.js';
import { seededRandom } from './seeded-random.js';
import { sendExchange } from './send-exchange.js';
import type { TargetClock } from './target-clock.js';
import type { Exchange, SuiteCase, SuiteEvent, SuiteTarget, TargetInfo, Transport } from './types.js';

export interface FlowSessionOptions {
  target: SuiteTarget;
  flow: UpstreamFlow;
  transport: Transport;
  info: TargetInfo;
  clock: TargetClock;
  /** Whether the target is a pixmock (its clock can be moved). */
  pixmock: boolean;
  contracts: ContractRegistry;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  seed: number;
  redact: Redactor;
  emit: (event: SuiteEvent) => void;
}

/** What the session records into while a case runs. */
export interface RunningCase {
  suiteCase: SuiteCase;
  exchanges: Exchange[];
  notes: string[];
  started: number;
}

export interface CaseSession {
  session: FlowSession;
  /** Records the session's exchanges, notes and progress into `running` (undefined between cases). */
  recordInto(running: RunningCase | undefined): void;
}

export function createFlowSession(options: FlowSessionOptions): CaseSession {
  const { target, flow, transport, info, clock, pixmock, contracts, latencyBounds, promises, seed, redact, emit } = options;
  const random = seededRandom(seed, `${target.upstream}/session`);
  const otherKey = promises.state.otherKeys[target.upstream];
  const credentials = pixmock && otherKey && !target.credentials.otherApiKey ? { ...target.credentials, otherApiKey: otherKey } : target.credentials;
  let current: RunningCase | undefined;

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

  function tooLongToWait(aheadMs: number, what: string, where: string): string | undefined {
    const limit = promises.state.maxRealWaitMs;
    if (aheadMs <= limit) return undefined;
    return `${what} not checked: it needs ${minutes(aheadMs)} of real time on ${where}, over the suite's ${minutes(limit)} limit (fixtures/suite/promises.json state.maxRealWaitMs)`;
  }

  const session: FlowSession = {
    upstream: target.upstream,
    credentials,
    live: target.live,
    timeScale: info.timeScale,
    contracts,
    cache: new Map<string, unknown>(),
    promises,
    latencyBounds,
    random: () => random.random(),
    now: () => clock.now(),
    wallMs: (simulatedMs, floorMs = 0) => Math.max(floorMs, simulatedMs / info.timeScale),
    sleep,
    progress(message) {
      if (current) emit({ type: 'case-progress', case: current.suiteCase, message: redact(message), elapsedMs: Math.round(performance.now() - current.started) });
    },
    note(text) {
      if (current && !current.notes.includes(text)) current.notes.push(text);
    },
    async waitForClock(untilMs, what) {
      const aheadMs = untilMs - session.now();
      if (aheadMs <= 0 || await clock.advance(aheadMs)) return { reached: true };
      const skipped = tooLongToWait(aheadMs, what, pixmock ? 'this target (its admin clock refused to move)' : 'a live upstream');
      if (skipped) return { skipped };
      session.progress(`waiting ${minutes(aheadMs)} of real time for ${what}`);
      await sleep(aheadMs);
      return { reached: true };
    },
    unreachableWait: (aheadMs, what) => (pixmock ? undefined : tooLongToWait(aheadMs, what, 'a live upstream')),
    async send(input) {
      const exchange = await sendExchange(input, { session, flow, transport, redact });
      current?.exchanges.push(exchange);
      return exchange;
    },
  };

  return {
    session,
    recordInto(running) {
      current = running;
    },
  };
}
