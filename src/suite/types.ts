/**
 * The contract suite's vocabulary: what a case is, what a transport sends and answers, what a
 * run reports. Checks, flows, transports and reporters all speak these types and nothing else.
 */
import type { RequestListener } from 'node:http';

/** An upstream the suite has a flow for (src/suite/flows/index.ts). */
export type UpstreamName = string;

/** `free` never triggers a paid generation; `generation` does. */
export type CaseCost = 'free' | 'generation';

export type CaseKind = 'positive' | 'negative';

export type CaseSource =
  | 'example'
  | 'generated'
  | 'required-missing'
  | 'wrong-type'
  | 'out-of-enum'
  | 'oversize'
  | 'auth'
  | 'unknown-resource'
  | 'echo'
  | 'state'
  /** Traffic a client sent through `pixmock proxy`, judged as it passed. */
  | 'proxied';

/** How a request is authenticated: correctly, or broken in one documented way. */
export type AuthMode =
  | { kind: 'valid' }
  | { kind: 'none' }
  | { kind: 'missing-header'; header: string }
  | { kind: 'expired-timestamp' }
  | { kind: 'unknown-key' }
  | { kind: 'bad-signature' }
  | { kind: 'replayed-request' }
  | { kind: 'missing-token' }
  | { kind: 'bad-scheme' }
  | { kind: 'invalid-token' }
  | { kind: 'other-key' };

/** A change applied to a case's body after the flow has filled in runtime ids. */
export type Mutation =
  | { kind: 'remove'; pointer: string }
  | { kind: 'set'; pointer: string; value: unknown }
  | { kind: 'pad'; pointer: string; bytes: number };

/** What the suite expects of the primary response, beyond conforming to the contract. */
export type Expectation =
  | { kind: 'accepted' }
  | { kind: 'conforms' }
  | { kind: 'rejected'; errorIds?: string[] }
  | { kind: 'auth-rejected'; errorIds: string[] };

export interface SuiteCase {
  /** Stable id, e.g. `chatfire.createImageGeneration.negative.required-missing./prompt`. */
  id: string;
  upstream: UpstreamName;
  operationId: string;
  kind: CaseKind;
  source: CaseSource;
  cost: CaseCost;
  title: string;
  /** JSON body (before the flow fills runtime ids), `undefined` for body-less requests. */
  body?: unknown;
  /** multipart/form-data fields; a `Uint8Array` value is a file part. */
  form?: Record<string, string | FilePart>;
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  mutation?: Mutation;
  auth: AuthMode;
  expect: Expectation;
  /** The field the case is about (JSON pointer), when it is about one. */
  pointer?: string;
  /** State cases: the probe of fixtures/suite/promises.json `state.probes` the case exists for. */
  probe?: string;
  /** `clock`: the case moves the target's clock, so it runs after every other case of every target. */
  phase?: 'clock';
}

export interface FilePart {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface SuiteRequest {
  method: string;
  /** Path without query, e.g. `/v1/images/generations`. */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  /** JSON value (sent as `application/json` text), raw text, or multipart form. */
  json?: unknown;
  rawBody?: string;
  form?: Record<string, string | FilePart>;
  /** Wall milliseconds before the transport gives up. */
  timeoutMs: number;
}

/** One response, normalised: checks never know which transport produced it. */
export interface SuiteResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Media type without parameters, lower case (`application/json`). */
  mediaType?: string;
  body: Buffer;
  /** Parsed body when the media type is JSON and it parses. */
  json?: unknown;
  /** Wall milliseconds from send to the last byte. */
  elapsedMs: number;
  /** Wall milliseconds from send to the first byte of the body (or the headers). */
  firstByteMs?: number;
  /** True when the suite stopped reading before the end (an SSE budget ran out). */
  aborted?: boolean;
}

export interface SendOptions {
  /** Called with each body chunk as it arrives (SSE is validated incrementally). */
  onChunk?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

/** The transport port: in-process (supertest on an app) or HTTP (fetch to a base URL). */
export interface Transport {
  readonly kind: 'in-process' | 'http';
  /** Human-readable target, e.g. `http://127.0.0.1:4010` or `in-process chatfire`. */
  readonly description: string;
  send(request: SuiteRequest, options?: SendOptions): Promise<SuiteResponse>;
  close?(): Promise<void>;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly request: { method: string; path: string };

  constructor(request: { method: string; path: string }, reason: string, options?: { cause?: unknown }) {
    super(`Failed to send ${request.method} ${request.path}: ${reason}.`, options);
    this.request = { method: request.method, path: request.path };
  }
}

/** What the suite runs against: one upstream, in-process or over HTTP, mock or live. */
export interface SuiteTarget {
  upstream: UpstreamName;
  /** Base URL for the HTTP transport, e.g. `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /** An app (express or any Node request listener) for the in-process transport. */
  app?: RequestListener;
  /** A WHATWG handler (a mock's `fetch` adapter): requests go to it in-process, as Requests. */
  fetch?: (request: Request) => Promise<Response>;
  /** Upstream credentials: aibabe {apiKey, apiSecret, userId, agentId}; chatfire/dify {apiKey}. */
  credentials: Record<string, string>;
  /** Divides simulated time; default: read from `GET /__pixmock/health`, else 1. */
  timeScale?: number;
  /** Latency profile; default: read from the health endpoint, else `realistic`. */
  latencyProfile?: string;
  /** A real upstream (true) or pixmock (false). Live targets default to a generation budget of 0. */
  live: boolean;
}

export type Severity = 'error' | 'warning';

/** One finding, as data. `message` reads "Received: … / Documented: …". */
export interface Finding {
  check: string;
  caseId: string;
  operationId: string;
  severity: Severity;
  /** JSON pointer into the response body (or `status`, `header:content-type`, `event[3]/data/id`). */
  pointer: string;
  received: string;
  documented: string;
  message: string;
}

/** One request/response pair inside a case. */
export interface Exchange {
  operationId: string;
  /** What this exchange is for: `primary`, `poll`, `download`, `signed-url`, `tampered-url`, `replay-first`… */
  role: string;
  request: SuiteRequest;
  response?: SuiteResponse;
  /** Set when the transport failed (connection refused, timeout). */
  error?: string;
  /** The target's clock (epoch milliseconds, as the suite knows it) when the response arrived: checks judge time against it. */
  receivedAt?: number;
  expect: Expectation;
  /** Facts a flow recorded for the checks: expected image size, metadata to echo, SSE trace… */
  notes: ExchangeNotes;
}

export interface ExchangeNotes {
  /** Expected width × height of every image in the response. */
  imageSize?: { width: number; height: number };
  /** JSON pointer → value the response must echo unchanged. */
  echo?: { pointer: string; value: unknown }[];
  /** Number of images a completed task must carry. */
  imageCount?: number;
  /** The SSE trace collected while the body streamed in. */
  sse?: import('./stream-validator.js').SseTrace;
  /** For signed-URL exchanges: was the URL as issued (`valid`) or altered (`tampered`, `unsigned`)? */
  fileUrl?: 'valid' | 'tampered';
  /** Where images are: a data URL, raw base64 (OpenAI b64_json), or the whole body. */
  images?: { pointer: string; encoding: 'data-url' | 'base64' | 'body' }[];
  /** This exchange shows a task's state (chatfire): the lifecycle check follows it. */
  task?: { imageCount: number };
  /** Skip the latency check for this exchange (e.g. a streaming body). */
  noLatency?: boolean;
  /** The request's response mode (Dify `blocking` / `streaming`), for mode-specific bounds. */
  responseMode?: string;
  /** This exchange probes a promise across calls (fixtures/suite/promises.json `state.probes`); pointer names the field it is about. */
  probe?: { name: string; pointer: string };
  /** The last read of an asynchronous resource: how long and how often the suite polled it, against its budget. */
  progress?: { resource: string; polls: number; elapsedWallMs: number; budgetWallMs: number; budgetSimMs: number; source: string };
  /** Unix seconds after which the downloaded link is documented to stop working. */
  expiresAt?: number;
}

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  case: SuiteCase;
  status: CaseStatus;
  exchanges: Exchange[];
  findings: Finding[];
  /** Checks that ran (not counting those that did not apply). */
  checksRun: number;
  /** Checks skipped with a note (e.g. latency under a compressed profile). */
  notes: string[];
  skipReason?: string;
  durationMs: number;
}

export interface SuiteSummary {
  cases: number;
  passed: number;
  failed: number;
  skipped: number;
  checksRun: number;
  errors: number;
  warnings: number;
  generationCalls: number;
  durationMs: number;
}

export interface TargetInfo {
  upstream: UpstreamName;
  transport: string;
  live: boolean;
  timeScale: number;
  latencyProfile: string;
}

export type SuiteEvent =
  | { type: 'run-start'; seed: number; targets: TargetInfo[]; cases: SuiteCase[]; dryRun: boolean; budget: number }
  | { type: 'case-start'; case: SuiteCase }
  | { type: 'case-progress'; case: SuiteCase; message: string; elapsedMs: number }
  | { type: 'case-end'; result: CaseResult }
  | { type: 'run-end'; result: SuiteResult };

/** Reporters subscribe to run events; `close` lets file reporters flush. */
export interface SuiteReporter {
  onEvent(event: SuiteEvent): void;
  close?(): Promise<void>;
}

export interface SuiteResult {
  seed: number;
  passed: boolean;
  targets: TargetInfo[];
  cases: CaseResult[];
  summary: SuiteSummary;
}
