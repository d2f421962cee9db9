/**
 * One request as a handler sees it, with no HTTP framework in sight: the operation the contract
 * routed it to, its path parameters, query, headers and parsed body, who sent it (the principal
 * authentication returned), its `Prefer` preferences and scenario, and the simulated time it may
 * take. The shell's adapters build it from a `node:http` request or a WHATWG `Request`.
 */
import type { OperationContract } from '../contracts/index.js';
import type { ScenarioDefinition } from '../mocks/index.js';
import type { Preferences } from './preferences.js';

/** The HTTP request under a call: what an adapter read off the wire. */
export interface CallRequest {
  readonly method: string;
  /** The path without the query string, as sent (percent-encoding kept). */
  readonly path: string;
  /** The query string parsed the way express's `extended` parser does (`a[b]=1` → `{a: {b: '1'}}`). */
  readonly query: Readonly<Record<string, unknown>>;
  /** Header names in lower case; repeated headers joined with ", " as node joins them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /**
   * Where the client addressed the mock, e.g. `http://127.0.0.1:4020`, or the base URL an MSW
   * handler serves it under, path included (`http://localhost:5173/api/chatfire`): links are built on it.
   */
  readonly origin: string;
  /** The media type of the body without parameters, lower case (`application/json`), if any. */
  readonly mediaType: string | undefined;
}

export interface MultipartLimits {
  /** Largest file, in bytes. */
  fileBytes: number;
  files: number;
  fields: number;
  /** Largest field value, in bytes. */
  fieldBytes: number;
  /** Parts of any kind; defaults to files + fields. */
  parts?: number;
}

export interface MultipartFile {
  field: string;
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface MultipartForm {
  fields: Readonly<Record<string, string>>;
  files: readonly MultipartFile[];
}

/** A multipart body that broke one of its limits: which one. */
export class MultipartLimitError extends Error {
  override readonly name = 'MultipartLimitError';
  constructor(readonly limit: keyof MultipartLimits) {
    super(`The multipart body is over its ${limit} limit.`);
  }
}

export interface Call<Principal = unknown> {
  readonly operation: OperationContract;
  readonly request: CallRequest;
  /** Path parameters by the contract's names, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The JSON body as parsed by the shell, or undefined (no body, or not JSON). */
  readonly body: unknown;
  /** What the upstream's `authenticate` returned for this call. */
  readonly principal: Principal;
  readonly preferences: Preferences;
  readonly scenarioName?: string;
  readonly scenario?: ScenarioDefinition;
  /** Aborted when the client goes away before the answer is complete. */
  readonly signal: AbortSignal;
  /** True once the client has gone (cheaper than `signal` when checked once). */
  clientGone(): boolean;
  /** Simulated milliseconds this call should take: `Prefer: latency=` or a sample from the latency model. */
  latencyMs(): number;
  /** Waits simulated time; rejects when the client goes away first. */
  wait(simulatedMs: number): Promise<void>;
  /** The upstream's work for this call ends `simulatedMs` from now: a gateway in front never cuts a call that ends before its cut. */
  expectAnswerWithin(simulatedMs: number): void;
  /**
   * Reads a multipart/form-data body within `limits`: undefined when the body is no readable form
   * (another type, no boundary, truncated); a {@link MultipartLimitError} when it breaks a limit.
   */
  multipart(limits: MultipartLimits): Promise<MultipartForm | undefined>;
}
