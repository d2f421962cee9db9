/**
 * Builds one upstream's app from its plugin: the context and state it runs with, the pipeline of
 * every contract operation, the routes the contract does not describe, and the 404s. The app never
 * listens: `app` is a `node:http` request listener (for `listen`, supertest, `http.createServer`),
 * `fetch` answers a WHATWG `Request` with a `Response`; both run the same dispatch.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { documentedResponseHeaders, type ContractRegistry } from '../contracts/index.js';
import { DEFAULT_LIMITS, UpstreamHttpError, type AnyUpstreamPlugin, type ConfigFolders, type Logger, type Reply, type ServerLimits, type UpstreamContext, type UpstreamPlugin } from '../core/index.js';
import type { ImageRenderer } from '../imaging/index.js';
import type { MockConfig } from '../mocks/index.js';
import { createRequestJournal } from '../sim/request-journal.js';
import type { Simulation } from '../sim/simulation.js';
import { createMemoryStateStores, type StateStoresFactory } from '../sim/state-stores.js';
import { createAdminApi } from './admin-api.js';
import { createImageShelf } from './console/image-shelf.js';
import { checkUpstreamConfig } from './check-upstream-config.js';
import { createCorsPolicy, NO_CORS, type CorsOptions, type CorsPolicies, type CorsPolicy } from './cors.js';
import { createFetchHandler, type FetchOptions } from './fetch-adapter.js';
import { createNodeListener } from './node-adapter.js';
import { createOperationRunner, replyToError, type Dispatch, type IncomingCall, type OperationRunner } from './operation-pipeline.js';

/** What a user sets about the shell around every upstream; `createMockServer(s)` passes it on as it is. */
export interface ShellOptions {
  limits?: Partial<ServerLimits>;
  adminToken?: string;
  /**
   * The interface to bind (`createMockServers`; default 127.0.0.1). The admin API accepts it in
   * `Host` besides loopback names, and any Host when it binds every interface (`0.0.0.0`, `::`).
   */
  host?: string;
  /**
   * Makes each upstream's state stores; default in memory (`createMemoryStateStores`). A store
   * outside the process (Redis) lets replicas share conversations, tasks and files.
   */
  stateStores?: StateStoresFactory;
  /**
   * CORS for web apps: on by default for any origin (preflights answered, the origin reflected,
   * without credentials). `{ enabled: false }` turns it off; `origins` allows only those, with credentials.
   */
  cors?: CorsOptions;
  /** Origins whose pages may call the admin API (the admin token still required); none by default. */
  adminCorsOrigins?: readonly string[];
}

export interface UpstreamAppOptions extends ShellOptions {
  contracts: ContractRegistry;
  mocks: MockConfig;
  sim: Simulation;
  renderer: ImageRenderer;
  logger: Logger;
  seed: number;
  gatewayPages: Record<string, string>;
  /** Where the mocks and contract were read, as a refused start names them. */
  folders?: ConfigFolders;
}

/** One upstream as a node request listener: hand it to `listen`, supertest or `http.createServer`. */
export type UpstreamRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface UpstreamApp<State = unknown> {
  app: UpstreamRequestListener;
  /** The same upstream for a WHATWG `Request`, the admin API included. */
  fetch(request: Request, options?: FetchOptions): Promise<Response>;
  context: UpstreamContext;
  /** The state the plugin's `createState` made. */
  state: State;
  /** What `POST /__pixmock/reset` does: empties state (shared with other replicas on Redis), this replica's journal and the active scenario. */
  reset(): Promise<void>;
  /** Ends the console's live feeds; a server's close calls it first, so an open console never holds a shutdown. */
  endFeeds(): void;
}


/**
 * A store counts a string at two bytes a character and may hold a field twice (a Dify `user` is
 * also `sys.user_id`), so an entry made from the largest body can take four times its bytes; a
 * store smaller than twice that would drop such an entry the moment it is stored.
 */
export const STATE_BYTES_PER_BODY_BYTE = 8;

export function createUpstreamApp<State, Principal>(plugin: UpstreamPlugin<State, Principal>, options: UpstreamAppOptions): UpstreamApp<State> {
  const serverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // The upstream's own JSON limit applies where it is the smaller one.
  const contract = options.contracts.upstream(plugin.id);
  const limits = { ...serverLimits, bodyBytes: Math.min(serverLimits.bodyBytes, contract.bodyLimit ?? Infinity) };
  checkStateFitsBodies(plugin.id, limits);
  const journal = createRequestJournal({ maxEntries: limits.journalEntries });
  const createStores = options.stateStores ?? createMemoryStateStores;
  const stores = createStores({ upstream: plugin.id, clock: options.sim.clock, timeScale: options.sim.timeScale, maxBytesPerStore: limits.stateBytes });
  const scenario = stores.setting('scenario');
  let state: State | undefined;
  const context: UpstreamContext = {
    id: plugin.id,
    contract,
    contracts: options.contracts,
    mocks: options.mocks,
    sim: options.sim,
    state: stores,
    renderer: options.renderer,
    journal,
    logger: options.logger.child({ upstream: plugin.id }),
    limits,
    seed: options.seed,
    error(id, values) {
      const rendered = context.contract.errors.render(id, values);
      const body = plugin.decorateError && state !== undefined ? plugin.decorateError(rendered.body, context, state) : rendered.body;
      return new UpstreamHttpError({ ...rendered, body });
    },
    activeScenario: () => scenario.get(),
  };
  const created = plugin.createState(context);
  state = created;
  checkUpstreamConfig(plugin, context, created, options.folders);

  const reset = async () => {
    journal.clear();
    await Promise.all([scenario.set(undefined), stores.reset()]);
  };
  const cors: CorsPolicies = {
    upstream: createCorsPolicy({ ...options.cors, exposedHeaders: documentedResponseHeaders(context.contract.document) }),
    admin: options.adminCorsOrigins?.length ? createCorsPolicy({ origins: options.adminCorsOrigins }) : NO_CORS,
  };
  const dispatch = createDispatch(plugin, context, created, options.gatewayPages, cors.upstream);
  const shelf = createImageShelf();
  const closing = new AbortController();
  const admin = createAdminApi(context, {
    adminToken: options.adminToken,
    host: options.host,
    startedAt: Date.now(),
    reset,
    setActiveScenario: (name) => scenario.set(name),
    corsOrigins: options.adminCorsOrigins,
    shelf,
    closing: closing.signal,
  });
  return {
    app: createNodeListener(dispatch, context, admin, { cors, shelf }),
    fetch: createFetchHandler(dispatch, context, admin, { cors, shelf }),
    context,
    state: created,
    reset,
    endFeeds: () => closing.abort(),
  };
}

function createDispatch(plugin: AnyUpstreamPlugin, context: UpstreamContext, state: unknown, gatewayPages: Record<string, string>, cors: CorsPolicy): Dispatch {
  const pages = { upstreamPage: (status: number, request: IncomingCall['request']) => plugin.gatewayPage?.(status, request, context, state), shared: gatewayPages };
  const runners = createOperationRunners(plugin, context, state, pages);
  const routes = plugin.routes?.(context, state) ?? [];
  const { contract } = context;

  const unrouted = async (incoming: IncomingCall): Promise<Reply> => {
    const { request, connection } = incoming;
    const { method, path } = request;
    try {
      if (method === 'OPTIONS') {
        const served = [...contract.methodsAt(path), ...routes.filter((route) => route.matches(path)).map((route) => route.method)];
        const preflight = cors.preflight(request, served);
        if (preflight) return preflight;
        throw context.error('route_not_found', { method, path });
      }
      if (plugin.wrongMethodError && contract.methodsAt(path).length > 0) throw context.error(plugin.wrongMethodError, { method, path });
      const route = routes.find((candidate) => candidate.method === (method === 'HEAD' ? 'GET' : method) && candidate.matches(path));
      if (route) return await route.handle(request);
      throw context.error('route_not_found', { method, path });
    } catch (error) {
      return replyToError(error, context, connection, request);
    }
  };

  // Not async itself: an operation's runner is the one frame a held request keeps here.
  return function dispatch(incoming, notes) {
    const { request } = incoming;
    let found: ReturnType<typeof contract.findOperation>;
    try {
      found = contract.findOperation(request.method === 'HEAD' ? 'GET' : request.method, request.path);
    } catch (error) {
      return Promise.resolve(replyToError(error, context, incoming.connection, request));
    }
    return found ? (runners.get(found.operation.operationId) as OperationRunner)(incoming, found.params, notes) : unrouted(incoming);
  };
}

/** The pipeline of every operation in the contract, by operationId; throws when a handler or an operation is missing. */
function createOperationRunners(plugin: AnyUpstreamPlugin, context: UpstreamContext, state: unknown, pages: Parameters<typeof createOperationRunner>[0]['pages']): Map<string, OperationRunner> {
  const runOperation = createOperationRunner({ plugin, context, state, pages });
  const handlers = plugin.operations(context, state);
  const runners = new Map(
    [...context.contract.operations].map(([operationId, operation]) => {
      const handler = handlers[operationId];
      if (!handler) throw new Error(`Failed to build the ${context.id} app: contracts/${context.id}/openapi.yaml documents ${operationId}, which has no handler.`);
      return [operationId, runOperation(operation, handler)] as const;
    }),
  );
  const undocumented = Object.keys(handlers).filter((operationId) => !runners.has(operationId));
  if (undocumented.length > 0) throw new Error(`Failed to build the ${context.id} app: contracts/${context.id}/openapi.yaml has no operation ${undocumented.join(', ')}.`);
  return runners;
}

function checkStateFitsBodies(id: string, { stateBytes, bodyBytes }: ServerLimits): void {
  if (stateBytes >= STATE_BYTES_PER_BODY_BYTE * bodyBytes) return;
  throw new RangeError(
    `Failed to start ${id}: limits.stateBytes (${stateBytes}) must be at least ${STATE_BYTES_PER_BODY_BYTE} × limits.bodyBytes (${bodyBytes}), so an entry made from the largest body fits in a store. Raise --max-state-bytes to ${STATE_BYTES_PER_BODY_BYTE * bodyBytes} or lower --max-body-bytes.`,
  );
}
