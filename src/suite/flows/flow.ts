/**
 * What the suite needs to know about one upstream beyond its contract: how to authenticate (and
 * break authentication), which runtime ids a request needs first (aibabe's conversation), and
 * which requests follow a response (chatfire's polls, Dify's signed file URLs), and what its event
 * streams must look like (Dify's workflow events). Everything else comes from contracts/<upstream>/.
 */
import type { ContractRegistry } from '../../contracts/index.js';
import type { LatencyBounds } from '../latency-bounds.js';
import type { SuitePromises } from '../promises.js';
import type { StreamValidator, StreamValidatorOptions } from '../stream-validator.js';
import type { AuthMode, Exchange, ExchangeNotes, Expectation, FilePart, SendOptions, SuiteCase, SuiteRequest, UpstreamName } from '../types.js';

export interface SendInput {
  operationId: string;
  /** What the exchange is for: `primary`, `poll`, `download`, `signed-url`, `tampered-url`… */
  role: string;
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  rawBody?: string;
  form?: Record<string, string | FilePart>;
  headers?: Record<string, string>;
  /** Default `{kind: 'valid'}`. */
  auth?: AuthMode;
  /** Default `{kind: 'conforms'}`. */
  expect?: Expectation;
  notes?: ExchangeNotes;
  /** Validate the body as the operation's event stream while it arrives. */
  sse?: boolean;
  /** Simulated milliseconds the request may take (converted to wall time with the time scale). */
  timeoutSimMs?: number;
  /** Reuse exactly these headers (a replayed request). */
  reuseHeadersFrom?: SuiteRequest;
  sendOptions?: SendOptions;
}

export interface FlowSession {
  readonly upstream: UpstreamName;
  readonly credentials: Readonly<Record<string, string>>;
  readonly live: boolean;
  readonly timeScale: number;
  readonly contracts: ContractRegistry;
  /** Sends one request and records the exchange in the current case. Never throws for HTTP errors. */
  send(input: SendInput): Promise<Exchange>;
  /** Wall milliseconds for `simulatedMs` at the target's time scale, never below `floorMs`. */
  wallMs(simulatedMs: number, floorMs?: number): number;
  sleep(wallMs: number): Promise<void>;
  /** Live progress line for long steps (polling, streaming). */
  progress(message: string): void;
  /** Values shared by every case of this target (e.g. a conversation id). */
  readonly cache: Map<string, unknown>;
  /** Seeded random in [0, 1). */
  random(): number;
  /** The target's clock in epoch milliseconds: the suite machine's, plus what the suite moved a pixmock target's clock by. */
  now(): number;
  readonly promises: SuitePromises;
  readonly latencyBounds: LatencyBounds;
  /** A note on the current case (a promise the target cannot show, and why). */
  note(text: string): void;
  /**
   * Brings the target's clock to `untilMs` (target clock, epoch milliseconds): a pixmock target's
   * clock is moved (`POST /__pixmock/clock`); any other target is waited for in real time, unless
   * that is longer than `state.maxRealWaitMs`, which skips with a reason naming `what`.
   */
  waitForClock(untilMs: number, what: string): Promise<{ reached: true } | { skipped: string }>;
  /** Why a wait of `aheadMs` for `what` could not be made on this target (so a case can skip before paying for a generation), or undefined. */
  unreachableWait(aheadMs: number, what: string): string | undefined;
}

export interface PreparedRequest {
  body?: unknown;
  form?: Record<string, string | FilePart>;
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  notes?: ExchangeNotes;
  /** The case cannot run on this target (a prerequisite it lacks); the reason is reported. */
  skip?: string;
}

/** A case that exists to probe a promise across calls (fixtures/suite/promises.json `state.probes`). */
export interface StateCaseSpec {
  probe: string;
  operationId: string;
  title: string;
  /** What the primary request must do (the probe itself is judged by its check). */
  expect: 'accepted' | 'conforms';
  /** `clock`: moves the target's clock, so it runs after every other case. */
  phase?: 'clock';
}

export interface PathInput {
  pathParams: Record<string, string>;
  query?: Record<string, string>;
}

export interface UpstreamFlow {
  readonly upstream: UpstreamName;
  /** Credential names this flow reads, with the environment variable each comes from. */
  readonly credentialEnv: Readonly<Record<string, string>>;
  /** Credentials used when present (a second key for the key-isolation probes), with their environment variables. */
  readonly optionalCredentialEnv?: Readonly<Record<string, string>>;
  /** Credentials whose values must never be printed. */
  readonly secretCredentials: readonly string[];
  /** Operations that trigger a paid generation. */
  readonly generationOperations: readonly string[];
  /** Operations exercised only as follow-ups (they need an id from another response). */
  readonly followUpOnly: readonly string[];
  /** Operations whose positive cases come only from follow-ups; their negative cases are still generated. */
  readonly positiveViaFollowUp: readonly string[];
  /** Catalogue ids that mean "slow down": the request is retried after a pause. */
  readonly rateLimitErrorIds: readonly string[];
  /** Every documented way to fail authentication, with the catalogue ids that answer it. */
  authFailures(operationId: string): { mode: AuthMode; errorIds: string[] }[];
  /** Sets the headers that authenticate `request` (or break it as `mode` says). Called last. */
  authorize(request: SuiteRequest, mode: AuthMode, session: FlowSession): void;
  /** Fills runtime ids (agent, conversation, reference image…) into the case before mutation. */
  prepare(suiteCase: SuiteCase, session: FlowSession): Promise<PreparedRequest>;
  /** Requests that depend on the primary response (polls, downloads, signed URLs). */
  followUp(suiteCase: SuiteCase, primary: Exchange, session: FlowSession): Promise<void>;
  /** A valid multipart body for an upload operation (positive case). */
  positiveForm?(operationId: string): Record<string, string | FilePart> | undefined;
  /** Path parameters for a case that needs them and has no prior response (unknown-resource cases). */
  unknownPathParams?(operationId: string, session: { random(): number }): PathInput | undefined;
  /** Whether the primary request streams (validated incrementally). */
  streams?(body: unknown): boolean;
  /** Validates a streamed body as it arrives; a flow whose requests stream must have one. */
  createStreamValidator?(options: StreamValidatorOptions): StreamValidator;
  /** Cases that probe promises across calls; their requests are made by prepare and followUp. */
  readonly stateCases?: readonly StateCaseSpec[];
}
