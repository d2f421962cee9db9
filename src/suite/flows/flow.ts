/**
 * What the suite needs to know about one upstream beyond its contract: how to authenticate (and
 * break authentication), which runtime ids a request needs first (aibabe's conversation), and
 * which requests follow a response (chatfire's polls, Dify's signed file URLs). Everything else
 * comes from contracts/<upstream>/.
 */
import type { ContractRegistry } from '../../contracts/index.js';
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
  /** Epoch milliseconds of the suite's machine. */
  now(): number;
}

export interface PreparedRequest {
  body?: unknown;
  form?: Record<string, string | FilePart>;
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  notes?: ExchangeNotes;
}

export interface PathInput {
  pathParams: Record<string, string>;
  query?: Record<string, string>;
}

export interface UpstreamFlow {
  readonly upstream: UpstreamName;
  /** Credential names this flow reads, with the environment variable each comes from. */
  readonly credentialEnv: Readonly<Record<string, string>>;
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
}
