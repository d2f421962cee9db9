/**
 * Builds one upstream's request listener from its definition. Never listens: tests hand it to
 * supertest, the CLI passes it to `listen`. A request for a contract operation goes straight to the
 * operation pipeline; everything else (admin API, extra routes, unknown paths) to an express app.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ContractRegistry, UpstreamContract } from '../contracts/index.js';
import type { ImageRenderer } from '../imaging/index.js';
import type { MockConfig } from '../mocks/index.js';
import { createRequestJournal } from '../sim/request-journal.js';
import type { Simulation } from '../sim/simulation.js';
import { createStateStores } from '../sim/state-stores.js';
import { ADMIN_PREFIX, createAdminRouter } from './admin-router.js';
import { createErrorHandler } from './error-handler.js';
import { withExpressApi } from './express-api.js';
import { createJsonBodyParser } from './json-body.js';
import { createOperationRunner, type OperationRunner } from './operation-pipeline.js';
import { createRequestRecorder } from './request-recorder.js';
import { DEFAULT_LIMITS, type ServerLimits, type UpstreamContext, type UpstreamDefinition } from './upstream-context.js';
import { UpstreamHttpError } from './upstream-http-error.js';

export interface UpstreamAppOptions {
  contracts: ContractRegistry;
  mocks: MockConfig;
  sim: Simulation;
  renderer: ImageRenderer;
  logger: Logger;
  seed: number;
  gatewayPages: Record<string, string>;
  limits?: Partial<ServerLimits>;
  adminToken?: string;
  /** The address the server is bound to; the admin API accepts it as a Host besides loopback names. */
  host?: string;
}

/** One upstream as a node request listener: hand it to `listen`, supertest or `http.createServer`. */
export type UpstreamRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface UpstreamApp {
  app: UpstreamRequestListener;
  context: UpstreamContext;
  /** What `POST /__pixmock/reset` does: empties state, the journal and the active scenario. */
  reset(): void;
}

export function createUpstreamApp(definition: UpstreamDefinition, options: UpstreamAppOptions): UpstreamApp {
  const serverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // The upstream's own JSON limit applies where it is the smaller one.
  const limits = { ...serverLimits, bodyBytes: Math.min(serverLimits.bodyBytes, definition.maxJsonBodyBytes?.(options.mocks) ?? Infinity) };
  checkStateFitsBodies(definition.id, limits);
  const journal = createRequestJournal({ maxEntries: limits.journalEntries });
  const state = createStateStores(options.sim.clock, options.sim.timeScale, limits.stateBytes);
  let activeScenario: string | undefined;
  const context: UpstreamContext = {
    id: definition.id,
    contract: options.contracts.upstream(definition.id),
    contracts: options.contracts,
    mocks: options.mocks,
    sim: options.sim,
    state,
    renderer: options.renderer,
    journal,
    logger: options.logger.child({ upstream: definition.id }),
    limits,
    seed: options.seed,
    gatewayPages: options.gatewayPages,
    error(id, values) {
      const rendered = context.contract.errors.render(id, values);
      const body = definition.decorateError ? definition.decorateError(rendered.body, context) : rendered.body;
      return new UpstreamHttpError({ ...rendered, body });
    },
    activeScenario: () => activeScenario,
    setActiveScenario(name) {
      activeScenario = name;
    },
  };

  const reset = () => {
    state.reset();
    journal.clear();
    activeScenario = undefined;
  };

  const parseJson = createJsonBodyParser(context);
  const errorHandler = createErrorHandler(context);
  const refuseUnrouted = createUnroutedGuard(definition, context);

  // Everything that is not a contract operation: the admin API, extra routes and the 404s.
  const fallback = express();
  fallback.disable('x-powered-by');
  fallback.set('etag', false);
  fallback.set('query parser', 'extended');
  fallback.use(ADMIN_PREFIX, createAdminRouter(context, { adminToken: options.adminToken, host: options.host, startedAt: Date.now(), reset }));
  fallback.use(parseJson);
  fallback.use(refuseUnrouted);
  if (definition.extraRoutes) fallback.use(definition.extraRoutes(context));
  fallback.use((req: Request, _res: Response) => {
    throw context.error('route_not_found', { method: req.method, path: req.path });
  });
  fallback.use(errorHandler);

  const runners = createOperationRunners(definition, context);
  const recordRequest = createRequestRecorder(journal, () => options.sim.clock.now());
  const answerError = (error: unknown, req: Request, res: Response) => {
    try {
      errorHandler(error, req, res);
    } catch (failure) {
      context.logger.error({ err: failure, method: req.method, path: req.path }, 'failed to answer an error');
      res.destroy();
    }
  };

  // Operations run without express's router: find the operation, parse the body, run its pipeline.
  const app = function handleUpstreamRequest(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const { req, res } = withExpressApi(fallback, incoming, outgoing);
    recordRequest(req, res);
    let found: ReturnType<UpstreamContract['findOperation']>;
    try {
      found = context.contract.findOperation(req.method === 'HEAD' ? 'GET' : req.method, req.path);
    } catch (error) {
      answerError(error, req, res);
      return;
    }
    if (!found) {
      fallback(req, res);
      return;
    }
    const { operation, params } = found;
    parseJson(req, res, (parseError?: unknown) => {
      if (parseError) return answerError(parseError, req, res);
      req.params = params;
      const run = runners.get(operation.operationId) as OperationRunner;
      Promise.resolve()
        .then(() => {
          definition.beforeOperation?.(req, res, context);
          return run(req, res);
        })
        .catch((error: unknown) => answerError(error, req, res));
    });
  };
  return { app, context, reset };
}

/**
 * A store counts a string at two bytes a character and may hold a field twice (a Dify `user` is
 * also `sys.user_id`), so an entry made from the largest body can take four times its bytes; a
 * store smaller than twice that would drop such an entry the moment it is stored.
 */
export const STATE_BYTES_PER_BODY_BYTE = 8;

function checkStateFitsBodies(id: string, { stateBytes, bodyBytes }: ServerLimits): void {
  if (stateBytes >= STATE_BYTES_PER_BODY_BYTE * bodyBytes) return;
  throw new RangeError(
    `Failed to start ${id}: limits.stateBytes (${stateBytes}) must be at least ${STATE_BYTES_PER_BODY_BYTE} × limits.bodyBytes (${bodyBytes}), so an entry made from the largest body fits in a store. Raise --max-state-bytes to ${STATE_BYTES_PER_BODY_BYTE * bodyBytes} or lower --max-body-bytes.`,
  );
}

/** The pipeline of every operation in the contract, by operationId; throws when a handler or an operation is missing. */
function createOperationRunners(definition: UpstreamDefinition, context: UpstreamContext): Map<string, OperationRunner> {
  const runOperation = createOperationRunner(definition, context);
  const handlers = definition.operations(context);
  const runners = new Map([...context.contract.operations].map(([operationId, operation]) => {
    const handler = handlers[operationId];
    if (!handler) throw new Error(`Failed to build the ${context.id} app: contracts/${context.id}/openapi.yaml documents ${operationId}, which has no handler.`);
    return [operationId, runOperation(operation, handler)] as const;
  }));
  const undocumented = Object.keys(handlers).filter((operationId) => !runners.has(operationId));
  if (undocumented.length > 0) throw new Error(`Failed to build the ${context.id} app: contracts/${context.id}/openapi.yaml has no operation ${undocumented.join(', ')}.`);
  return runners;
}

/**
 * For requests that match no operation: OPTIONS (which express would answer itself with 200
 * "GET, HEAD") is unknown, and a documented path asked with another method gets the upstream's own
 * answer (Dify's 405); the rest goes on to extra routes and the 404.
 */
function createUnroutedGuard(definition: UpstreamDefinition, context: UpstreamContext) {
  return function refuseUnrouted(req: Request, _res: Response, next: NextFunction) {
    if (req.method === 'OPTIONS') throw context.error('route_not_found', { method: req.method, path: req.path });
    if (definition.wrongMethodError && context.contract.methodsAt(req.path).length > 0) {
      throw context.error(definition.wrongMethodError, { method: req.method, path: req.path });
    }
    next();
  };
}
