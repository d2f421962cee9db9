/**
 * Builds one upstream's express app from its definition. Never listens: tests hand the app to
 * supertest, the CLI passes it to `listen`.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { ContractRegistry } from '../contracts/index.js';
import type { ImageRenderer } from '../imaging/index.js';
import type { MockConfig } from '../mocks/index.js';
import { createRequestJournal } from '../sim/request-journal.js';
import type { Simulation } from '../sim/simulation.js';
import { createStateStores } from '../sim/state-stores.js';
import { ADMIN_PREFIX, createAdminRouter } from './admin-router.js';
import { createErrorHandler } from './error-handler.js';
import { createJournalMiddleware } from './journal-middleware.js';
import { exceedsJsonDepth } from './json-depth.js';
import { createOperationRunner } from './operation-pipeline.js';
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
}

export interface UpstreamApp {
  app: Express;
  context: UpstreamContext;
  /** What `POST /__pixmock/reset` does: empties state, the journal and the active scenario. */
  reset(): void;
}

export function createUpstreamApp(definition: UpstreamDefinition, options: UpstreamAppOptions): UpstreamApp {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const journal = createRequestJournal({ maxEntries: limits.journalEntries });
  const state = createStateStores(options.sim.clock, options.sim.timeScale);
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

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(createJournalMiddleware(journal, () => options.sim.clock.now()));
  app.use(ADMIN_PREFIX, createAdminRouter(context, { adminToken: options.adminToken, startedAt: Date.now(), reset }));
  app.use(express.json({ limit: limits.bodyBytes, type: ['application/json', 'application/*+json'] }));
  app.use(createOperationDispatcher(definition, context));
  if (definition.extraRoutes) app.use(definition.extraRoutes(context));
  app.use((req: Request, _res: Response) => {
    throw context.error('route_not_found', { method: req.method, path: req.path });
  });
  app.use(createErrorHandler(context));
  return { app, context, reset };
}

/**
 * Routes a request to its operation by the contract's method and path (HEAD as GET, as express
 * does) and runs the operation pipeline; anything else goes on to `extraRoutes` and the 404.
 */
function createOperationDispatcher(definition: UpstreamDefinition, context: UpstreamContext) {
  const runOperation = createOperationRunner(definition, context);
  const handlers = definition.operations(context);
  const runners = new Map([...context.contract.operations.keys()].map((operationId) => {
    const handler = handlers[operationId];
    if (!handler) throw new Error(`Failed to build the ${context.id} app: contracts/${context.id}/openapi.yaml documents ${operationId}, which has no handler.`);
    return [operationId, runOperation(operationId, handler)] as const;
  }));
  const undocumented = Object.keys(handlers).filter((operationId) => !runners.has(operationId));
  if (undocumented.length > 0) throw new Error(`Failed to build the ${context.id} app: contracts/${context.id}/openapi.yaml has no operation ${undocumented.join(', ')}.`);
  const { limits } = context;

  return function dispatchOperation(req: Request, res: Response, next: NextFunction) {
    // A body nested beyond any documented shape is refused like unparseable JSON, before anything
    // that recurses over it (signing, logging, res.json) can overflow the stack.
    if (exceedsJsonDepth(req.body)) throw context.error('invalid_json', { method: req.method, path: req.path, limit: limits.bodyBytes });
    // express would answer OPTIONS on a known path itself (200 "GET, HEAD"), which no upstream documents.
    if (req.method === 'OPTIONS') throw context.error('route_not_found', { method: req.method, path: req.path });
    const found = context.contract.findOperation(req.method === 'HEAD' ? 'GET' : req.method, req.path);
    if (!found) {
      if (definition.wrongMethodError && context.contract.methodsAt(req.path).length > 0) {
        throw context.error(definition.wrongMethodError, { method: req.method, path: req.path });
      }
      next();
      return;
    }
    req.params = found.params;
    definition.beforeOperation?.(req, res, context);
    return runners.get(found.operation.operationId)?.(req, res);
  };
}
