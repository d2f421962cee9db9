/**
 * The stages every operation runs through, in Prism's order: authenticate → apply the scenario
 * (error, fault or behaviour) → validate the request against the contract → the handler.
 */
import type { Request, Response } from 'express';
import type { OperationContract } from '../contracts/index.js';
import type { ScenarioDefinition } from '../mocks/index.js';
import { isClientGone, listenForClose, onClientGone } from './client-gone.js';
import { applyFault } from './faults.js';
import { JSON_TYPES } from './json-body.js';
import { parsePrefer, type Preferences } from './prefer-header.js';
import { resolveScenario } from './scenarios.js';
import type { OperationCall, OperationHandler, UpstreamContext, UpstreamDefinition } from './upstream-context.js';
import { PixmockProblem } from './upstream-http-error.js';

export type OperationRunner = (req: Request, res: Response) => Promise<void>;

export function createOperationRunner(definition: UpstreamDefinition, context: UpstreamContext) {
  return function operation(operationContract: OperationContract, handler: OperationHandler): OperationRunner {
    const { operationId } = operationContract;

    return async function runOperation(req: Request, res: Response): Promise<void> {
      res.locals.operationId = operationId;
      const preferences = parsePrefer(req.headers.prefer);
      const principal = operationContract.requiresAuth ? definition.authenticate?.(req, context, operationContract) : undefined;

      const { name: scenarioName, scenario } = resolveScenario(context, operationId, preferences.scenario);
      if (scenarioName) res.locals.scenario = scenarioName;
      const call = new PipelineCall(context, res, operationContract, req.params as Record<string, string>, preferences, scenarioName, scenario, principal);

      if (preferences.code !== undefined) throw errorForCode(context, operationContract, preferences.code, { method: req.method, path: req.path });
      if (scenario?.fault && (await applyFault(scenario.fault, req, res, call, context, definition))) return;
      if (scenario?.error) {
        if (scenario.afterLatency) await call.wait(call.latencyMs());
        throw context.error(scenario.error, scenario.params);
      }

      const optionalBodyAbsent = req.body === undefined && !isBodyRequired(operationContract);
      // A body of another content type is left to the upstream: Dify answers 415, chatfire its own 400.
      // `application/*+json` is parsed by the shell's JSON parser, so it is validated like JSON.
      // (The content type is only looked at when there is something to validate.)
      if (operationContract.requestSchemaId && !optionalBodyAbsent && req.is(JSON_TYPES) !== false) {
        const result = context.contracts.validateRequest(context.id, operationId, req.body ?? null);
        if (!result.valid) {
          throw definition.invalidRequest?.(operationContract, result.diagnostics, context) ?? defaultInvalidRequest(context, result.diagnostics);
        }
      }
      await handler(req, res, call);
    };
  };
}

/**
 * The `call` handed to a handler. A class, not an object literal: a literal with the `signal`
 * getter is a dictionary-mode object (~0.7 KB more per call, and every held request keeps its call),
 * while instances of one class share a hidden class.
 */
class PipelineCall implements OperationCall {
  readonly #context: UpstreamContext;
  readonly #res: Response;
  // Made on first use: only a handler that asks for it pays for an AbortController.
  #signal: AbortSignal | undefined;
  #sampledLatencyMs: number | undefined;

  constructor(
    context: UpstreamContext,
    res: Response,
    readonly operation: OperationContract,
    readonly params: Record<string, string>,
    readonly preferences: Preferences,
    readonly scenarioName: string | undefined,
    readonly scenario: ScenarioDefinition | undefined,
    readonly principal: unknown,
  ) {
    this.#context = context;
    this.#res = res;
  }

  get signal(): AbortSignal {
    return (this.#signal ??= abortSignalFor(this.#res));
  }

  clientGone(): boolean {
    return isClientGone(this.#res);
  }

  latencyMs(): number {
    return this.preferences.latencyMs ?? (this.#sampledLatencyMs ??= this.#context.sim.latency.sample(this.operation.operationId));
  }

  wait(simulatedMs: number): Promise<void> {
    return simulatedMs > 0 ? waitUnlessClosed(this.#context, simulatedMs, this.#res) : this.#context.sim.wait(0, this.#signal);
  }
}

/** OpenAPI `requestBody.required` (default false): an operation may document that its body can be left out. */
function isBodyRequired(operation: OperationContract): boolean {
  return (operation.raw.requestBody as { required?: boolean } | undefined)?.required === true;
}

function defaultInvalidRequest(ctx: UpstreamContext, diagnostics: { pointer: string; message: string }[]) {
  const first = diagnostics[0];
  return ctx.error('invalid_request', { field: fieldName(first?.pointer ?? ''), reason: first?.message ?? 'is invalid' });
}

/** `/inputs/prompt` → `inputs.prompt`; the root → `body`. */
export function fieldName(pointer: string): string {
  return pointer === '' ? 'body' : pointer.slice(1).split('/').join('.');
}

/** `Prefer: code=<status>` answers with the first catalogue error of that status the operation documents. */
function errorForCode(ctx: UpstreamContext, operation: OperationContract, code: number, values: Record<string, string>) {
  const documented = Object.keys(operation.responses);
  const id = ctx.contract.errors.ids().find((candidate) => ctx.contract.errors.entry(candidate).status === code);
  if (!documented.includes(String(code)) || !id) {
    return new PixmockProblem(422, 'Unsupported Prefer code', `${operation.operationId} documents no error with status ${code}; documented statuses: ${documented.join(', ')}.`);
  }
  return ctx.error(id, values);
}

const clientGone = () => new Error('The client closed the connection before the response was sent.');

function abortSignalFor(res: Response): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(clientGone());
  if (isClientGone(res)) abort();
  else res.once('close', onClientGone(res, abort));
  return controller.signal;
}

/**
 * `call.wait`: simulated time on the clock, rejected when the client leaves first. Two closures
 * and one listener on the connection, no AbortController: ten thousand held chat images are ten
 * thousand of these.
 */
function waitUnlessClosed(context: UpstreamContext, simulatedMs: number, res: Response): Promise<void> {
  if (isClientGone(res)) return Promise.reject(clientGone());
  const { clock } = context.sim;
  const { socket } = res.req;
  return new Promise((resolve, reject) => {
    const onClose = () => {
      if (res.writableFinished) return;
      clock.clearTimer(timer);
      reject(clientGone());
    };
    const timer = clock.setTimer(() => {
      socket.off('close', onClose);
      resolve();
    }, context.sim.toClockMs(simulatedMs));
    listenForClose(socket, onClose);
  });
}
