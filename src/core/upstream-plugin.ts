/**
 * The plugin API: what one simulated upstream declares, and what the shell gives it. An upstream
 * is `defineUpstream({...})` in its own folder, importing only this API and the shared pieces
 * (sim, imaging, auth, contracts); it knows no HTTP framework. Its state is made once per app by
 * `createState` and handed to every hook and handler, typed; its principal (what `authenticate`
 * returns) reaches every handler as `call.principal`, typed.
 *
 * @example
 * export const echoUpstream = defineUpstream({
 *   id: 'echo',
 *   defaultPort: 4090,
 *   createState: (ctx) => ({ seen: ctx.state.create<number>('seen', { max: 100 }) }),
 *   operations: (ctx, state) => ({ echo: (call) => json({ echoed: call.body }) }),
 *   demo: () => ({}),
 * });
 */
import type { Logger } from './logger.js';
import type { ContractRegistry, Diagnostic, OperationContract, UpstreamContract } from '../contracts/index.js';
import type { ImageRenderer } from '../imaging/index.js';
import type { MockConfig } from '../mocks/index.js';
import type { RequestJournal } from '../sim/request-journal.js';
import type { Simulation } from '../sim/simulation.js';
import type { StateStores } from '../sim/state-stores.js';
import type { ConfigChecker } from './config-check.js';
import type { Call, CallRequest } from './call.js';
import type { UpstreamHttpError } from './errors.js';
import type { Reply } from './reply.js';

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
  // Dify's whole-request limit (x-pixmock-body-limit in contracts/dify/openapi.yaml), so no upstream's own
  // "file too large" answer is pre-empted by default.
  uploadBytes: 16 * 1024 * 1024,
  journalEntries: 1000,
  stateEntries: 10_000,
  stateBytes: 32 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  sendTimeoutMs: 60_000,
};

/** What every upstream gets from the shell. */
export interface UpstreamContext {
  readonly id: string;
  readonly contract: UpstreamContract;
  readonly contracts: ContractRegistry;
  /** The behaviour data of mocks/<id>/, validated against its mocks.schema.json when loaded. */
  readonly mocks: MockConfig;
  readonly sim: Simulation;
  /** Makes the upstream's state stores (asynchronous: they may live outside the process); `createState` calls it. */
  readonly state: StateStores;
  readonly renderer: ImageRenderer;
  readonly journal: RequestJournal;
  readonly logger: Logger;
  readonly limits: ServerLimits;
  readonly seed: number;
  /** Builds the upstream's error from its catalogue (with `decorateError` applied). */
  error(id: string, values?: Record<string, string | number>): UpstreamHttpError;
  /** The scenario applied to every request until changed (`PUT /__pixmock/scenario`). */
  activeScenario(): string | undefined;
}

/**
 * A handler. Typed through a method, whose parameters TypeScript compares both ways, so that a
 * plugin of any principal still fits the registry's {@link AnyUpstreamPlugin}.
 */
export type OperationHandler<Principal> = { handle(call: Call<Principal>): Reply | Promise<Reply> }['handle'];

/** What `authenticate` sees: the request, its parsed JSON body, and the operation it was routed to. */
export interface AuthenticationInput {
  readonly request: CallRequest;
  readonly body: unknown;
  readonly operation: OperationContract;
}

/** A route the contract does not describe (aibabe's static images). */
export interface ExtraRoute {
  readonly method: string;
  /** True when the route answers this path. */
  matches(path: string): boolean;
  handle(request: CallRequest): Reply | Promise<Reply>;
}

/** The cut of one call by a gateway in front of the upstream: after `afterMs` simulated ms with no answer started, `page` answers. */
export interface GatewayCut {
  readonly afterMs: number;
  page(): Reply;
}

export interface UpstreamPlugin<State, Principal> {
  readonly id: string;
  /** The port `pixmock serve` uses when none is given. */
  readonly defaultPort: number;
  /**
   * Where this upstream's contract (`<dir>/<id>/openapi.yaml`) and behaviour data (`<dir>/<id>/`)
   * live, for an upstream shipped outside pixmock; default: pixmock's contracts/ and mocks/ (or the
   * `contractsDir` / `mocksDir` options).
   */
  readonly contractsDir?: string;
  readonly mocksDir?: string;
  /** Runs once per app, before any request: the upstream's state, handed to every hook and handler. */
  createState(ctx: UpstreamContext): State;
  /** Throws the upstream's 401 (or business error) when the request is not allowed; returns who sent it. */
  authenticate?(input: AuthenticationInput, ctx: UpstreamContext, state: State): Principal | Promise<Principal>;
  /** The upstream's error for a request that breaks its contract. Default: catalogue `invalid_request`. */
  invalidRequest?(operation: OperationContract, diagnostics: Diagnostic[], ctx: UpstreamContext, state: State): UpstreamHttpError;
  /** Adds fields every error body carries (aibabe's `traceId` and `timestamp`). */
  decorateError?(body: unknown, ctx: UpstreamContext, state: State): unknown;
  /** The handler of every operation in contracts/<id>/openapi.yaml, by operationId. */
  operations(ctx: UpstreamContext, state: State): Record<string, OperationHandler<Principal>>;
  /** Routes the contract does not describe, tried when no operation matches. */
  routes?(ctx: UpstreamContext, state: State): ExtraRoute[];
  /** A gateway in front that cuts slow calls (Dify's Cloudflare edge); undefined for a call it lets through. */
  gatewayCut?(call: Call<Principal>, ctx: UpstreamContext, state: State): GatewayCut | undefined;
  /** The gateway's own page for a `gateway` fault; default: mocks/gateway-pages.yaml. */
  gatewayPage?(status: number, request: CallRequest, ctx: UpstreamContext, state: State): Reply | undefined;
  /** The catalogue error for a documented path asked with an undocumented method (Dify's 405); default `route_not_found`. */
  readonly wrongMethodError?: string;
  /** Credentials and ids printed by `pixmock serve` for this upstream. */
  demo(ctx: UpstreamContext, state: State): Record<string, string>;
  /**
   * Checks, before the upstream serves, the references its own mocks and contract make (a
   * behaviour's arguments, extensions its handlers read); the shell has already checked scenarios,
   * latencies and error ids. A problem reported here refuses the start.
   */
  checkConfig?(ctx: UpstreamContext, state: State, check: ConfigChecker): void;
}

/** Declares an upstream; the types of its state and principal flow from `createState` and `authenticate` to every handler. */
export function defineUpstream<State, Principal = undefined>(plugin: UpstreamPlugin<State, Principal>): UpstreamPlugin<State, Principal> {
  return plugin;
}

/**
 * Any upstream, whatever its state and principal: what the shell and the registry hold. (Hooks are
 * methods, whose parameters TypeScript compares both ways, so every plugin is one of these.)
 */
export type AnyUpstreamPlugin = UpstreamPlugin<unknown, unknown>;
