/**
 * What an upstream's handlers get from the shared shell: its contract, its behaviour data, the
 * simulation, state stores, the image renderer, and one way to raise its own errors.
 */
import type { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { ContractRegistry, OperationContract, UpstreamContract } from '../contracts/index.js';
import type { Diagnostic } from '../contracts/diagnostics.js';
import type { ImageRenderer } from '../imaging/index.js';
import type { MockConfig, ScenarioDefinition } from '../mocks/index.js';
import type { RequestJournal } from '../sim/request-journal.js';
import type { Simulation } from '../sim/simulation.js';
import type { StateStores } from '../sim/state-stores.js';
import type { Preferences } from './prefer-header.js';
import type { UpstreamHttpError } from './upstream-http-error.js';

export interface ServerLimits {
  /** Largest JSON body accepted, in bytes. */
  bodyBytes: number;
  /** Largest file in a multipart upload, in bytes; caps each upstream's own upload limits. */
  uploadBytes: number;
  /** Requests kept in the journal (`GET /__pixmock/requests`). */
  journalEntries: number;
  /** Entries kept at most in each state store (conversations, tasks, files…). */
  stateEntries: number;
  /** Approximate bytes kept at most in each state store, keys and values (least recently used dropped first). */
  stateBytes: number;
  /** Milliseconds a client has to send a whole request, headers and body (else 408). */
  requestTimeoutMs: number;
  /** Milliseconds a client may read nothing of an answer being written before it is disconnected. */
  sendTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytes: 1024 * 1024,
  // Dify's whole-request limit (mocks/dify/uploads.yaml maxRequestBytes), so no upstream's own
  // "file too large" answer is pre-empted by default.
  uploadBytes: 16 * 1024 * 1024,
  journalEntries: 1000,
  stateEntries: 10_000,
  stateBytes: 32 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  sendTimeoutMs: 60_000,
};

export interface UpstreamContext {
  readonly id: string;
  readonly contract: UpstreamContract;
  readonly contracts: ContractRegistry;
  readonly mocks: MockConfig;
  readonly sim: Simulation;
  readonly state: StateStores;
  readonly renderer: ImageRenderer;
  readonly journal: RequestJournal;
  readonly logger: Logger;
  readonly limits: ServerLimits;
  readonly seed: number;
  readonly gatewayPages: Record<string, string>;
  /** Builds the upstream's error from its catalogue (decorated, e.g. aibabe's traceId). */
  error(id: string, values?: Record<string, string | number>): UpstreamHttpError;
  /** The scenario applied to every request until changed (`PUT /__pixmock/scenario`). */
  activeScenario(): string | undefined;
  setActiveScenario(name: string | undefined): void;
}

/** Everything the pipeline learned about one call, handed to the operation's handler. */
export interface OperationCall {
  operation: OperationContract;
  params: Record<string, string>;
  preferences: Preferences;
  scenarioName?: string;
  scenario?: ScenarioDefinition;
  /** Aborted when the client disconnects before the response is complete. */
  signal: AbortSignal;
  /** True once the client has disconnected: the check after a render, without the AbortController `signal` makes. */
  clientGone(): boolean;
  /** The auth result of `UpstreamDefinition.authenticate` (e.g. the API key record). */
  principal?: unknown;
  /** Simulated milliseconds this call should take: `Prefer: latency=` or a sample from the latency model. */
  latencyMs(): number;
  /** Waits simulated time, rejecting if the client goes away. */
  wait(simulatedMs: number): Promise<void>;
}

export type OperationHandler = (req: Request, res: Response, call: OperationCall) => Promise<void> | void;

/** What one upstream plugs into the shell. */
export interface UpstreamDefinition {
  id: string;
  /** Throws the upstream's 401 (or business error) when the request is not allowed. Returns a principal. */
  authenticate?(req: Request, ctx: UpstreamContext, operation: OperationContract): unknown;
  /** The upstream's error for a request that breaks its contract. Default: catalogue `invalid_request`. */
  invalidRequest?(operation: OperationContract, diagnostics: Diagnostic[], ctx: UpstreamContext): UpstreamHttpError;
  /** The upstream's own largest JSON body in bytes, from its mocks (aibabe `limits.maxJsonBodyBytes`); `--max-body-bytes` caps it. */
  maxJsonBodyBytes?(mocks: MockConfig): number;
  /** Adds fields every error body carries (aibabe's `traceId` and `timestamp`). */
  decorateError?(body: unknown, ctx: UpstreamContext): unknown;
  /**
   * The handler of every operation in contracts/<id>/openapi.yaml, by operationId: the shell routes
   * each request to one by the contract's method and path and runs it in the operation pipeline.
   * Runs once per app, before any request (create the upstream's state here).
   */
  operations(ctx: UpstreamContext): Record<string, OperationHandler>;
  /** Routes the contract does not describe (aibabe's static images), tried when no operation matches. */
  extraRoutes?(ctx: UpstreamContext): Router;
  /** Runs as a request for an operation arrives, before its pipeline (Dify arms its Cloudflare edge timer). */
  beforeOperation?(req: Request, res: Response, ctx: UpstreamContext): void;
  /** The catalogue error for a documented path asked with an undocumented method (Dify's 405); default `route_not_found`. */
  wrongMethodError?: string;
  /** Credentials and ids printed by `pixmock serve` for this upstream. */
  demo(ctx: UpstreamContext): Record<string, string>;
  /** The upstream's own gateway page for a `gateway` fault (e.g. Dify's Cloudflare pages); default: mocks/gateway-pages.yaml. */
  gatewayPage?(status: number, req: Request, ctx: UpstreamContext): { headers: Record<string, string>; body: string } | undefined;
}
