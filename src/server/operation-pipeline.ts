/**
 * The stages every operation runs through, in Prism's order: read `Prefer` → authenticate →
 * scenario (an error, a fault or a behaviour) → validate the request against the contract → the
 * handler. With a gateway in front (Dify's Cloudflare edge), the answer races the gateway's cut.
 * No HTTP framework: the adapters hand in an {@link IncomingCall} and write the {@link Reply}.
 */
import type { OperationContract } from '../contracts/index.js';
import { NO_REPLY, parsePrefer, PixmockProblem, type AnyUpstreamPlugin, type CallRequest, type OperationHandler, type Preferences, type Reply, type UpstreamContext } from '../core/index.js';
import { ClientGoneError, type ClientConnection } from './client-connection.js';
import { errorReply } from './error-reply.js';
import { faultReply, type FaultPages } from './faults.js';
import { GatewayGate } from './gateway-gate.js';
import { isJsonMediaType } from './json-body.js';
import { PipelineCall } from './pipeline-call.js';
import { resolveScenario } from './scenarios.js';

/** One request as an adapter hands it over: the request, its parsed JSON body, the client. */
export interface IncomingCall {
  request: CallRequest;
  /** True when the request said it carries a body (Content-Length or Transfer-Encoding). */
  hasBody: boolean;
  body: unknown;
  connection: ClientConnection;
}

/** What the journal learns of an exchange while it runs. */
export interface ExchangeNotes {
  operationId?: string;
  scenario?: string;
}

export interface OperationRunnerOptions {
  plugin: AnyUpstreamPlugin;
  context: UpstreamContext;
  state: unknown;
  pages: FaultPages;
}

export type OperationRunner = (incoming: IncomingCall, params: Record<string, string>, notes: ExchangeNotes) => Promise<Reply>;

/**
 * Routes one request to its operation, an extra route or the 404; framework-free, for both adapters.
 * The promise rejects only with what the adapter answers through {@link replyToError}.
 */
export type Dispatch = (incoming: IncomingCall, notes: ExchangeNotes) => Promise<Reply>;

export function createOperationRunner({ plugin, context, state, pages }: OperationRunnerOptions) {
  return function operation(operation: OperationContract, handler: OperationHandler<unknown>): OperationRunner {
    const { operationId } = operation;
    const steps: AnswerSteps = { plugin, context, state, pages, operation, handler };

    // Not async: a held request keeps no frame here, and a synchronous check costs no turn of the event loop.
    return function runOperation(incoming, params, notes) {
      notes.operationId = operationId;
      const { request, body, connection } = incoming;
      const fail = (error: unknown) => replyToError(error, context, connection, request);
      try {
        const preferences = parsePrefer(request.headers.prefer);
        const principal = operation.requiresAuth ? plugin.authenticate?.({ request, body, operation }, context, state) : undefined;
        // Waited for only when asynchronous (a check against the state stores); a rejection is the adapter's to answer.
        if (principal instanceof Promise) return principal.then((known) => answerAs(known, preferences));
        return answerAs(principal, preferences);
      } catch (error) {
        return Promise.resolve(fail(error));
      }

      function answerAs(principal: unknown, preferences: Preferences): Promise<Reply> {
        const { name: scenarioName, scenario } = resolveScenario(context, operationId, preferences.scenario);
        notes.scenario = scenarioName;
        const call = new PipelineCall(context, connection, operation, request, params, body, principal, preferences, scenarioName, scenario);
        const cut = plugin.gatewayCut?.(call, context, state);
        const answer = () => answerCall(call, incoming.hasBody, steps);
        // A rejection is answered by the adapter (replyToError, as here): a held call keeps no closure of this frame.
        if (!cut) return settle(answer);
        // Set before the answer starts: a handler may plan its work before it first waits.
        const gate = new GatewayGate(cut, context, connection);
        call.gate = gate;
        return gate.race(() => settle(answer), fail);
      }
    };
  };
}

/** What `answer()` gives as a promise: a synchronous throw (an invalid body) becomes a rejection. */
function settle(answer: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    const reply = answer();
    return reply instanceof Promise ? reply : Promise.resolve(reply);
  } catch (error) {
    return Promise.reject(error);
  }
}

interface AnswerSteps extends OperationRunnerOptions {
  operation: OperationContract;
  handler: OperationHandler<unknown>;
}

/**
 * The stages after authentication: `Prefer: code=`, the scenario's fault or error, validation, the
 * handler. Not async itself: a call with no scenario to play hands the handler's promise straight on.
 */
function answerCall(call: PipelineCall<unknown>, hasBody: boolean, steps: AnswerSteps): Reply | Promise<Reply> {
  const { preferences, scenario } = call;
  if (preferences.code !== undefined || scenario?.fault || scenario?.error) return answerScenario(call, hasBody, steps);
  validateRequest(call, hasBody, steps);
  return steps.handler(call);
}

/** `Prefer: code=`, then the scenario's fault (which may only delay the call) or error. */
async function answerScenario(call: PipelineCall<unknown>, hasBody: boolean, steps: AnswerSteps): Promise<Reply> {
  const { context, pages, operation } = steps;
  const { preferences, scenario, request } = call;
  if (preferences.code !== undefined) throw errorForCode(context, operation, preferences.code, request);
  if (scenario?.fault) {
    const reply = await faultReply(scenario.fault, call, pages);
    if (reply) return reply;
  }
  if (scenario?.error) {
    if (scenario.afterLatency) await call.wait(call.latencyMs());
    throw context.error(scenario.error, scenario.params);
  }
  validateRequest(call, hasBody, steps);
  return steps.handler(call);
}

/** Request validation against the contract; throws the upstream's error for an invalid body. */
function validateRequest(call: PipelineCall<unknown>, hasBody: boolean, { plugin, context, state, operation }: AnswerSteps): void {
  const { body, request } = call;
  const bodyAbsent = body === undefined && !isBodyRequired(operation);
  // A body of another media type is left to the upstream: Dify answers 415, chatfire its own 400.
  if (operation.requestSchemaId && !bodyAbsent && (!hasBody || isJsonMediaType(request.mediaType))) {
    const result = context.contracts.validateRequest(context.id, operation.operationId, body ?? null);
    if (!result.valid) {
      throw plugin.invalidRequest?.(operation, result.diagnostics, context, state) ?? defaultInvalidRequest(context, result.diagnostics);
    }
  }
}

/** The answer of a failed call: nothing for a client that left, else the error as the upstream says it. */
export function replyToError(error: unknown, context: UpstreamContext, connection: ClientConnection, request: CallRequest): Reply {
  if (error instanceof ClientGoneError || connection.gone()) return NO_REPLY;
  return errorReply(error, context, request);
}

/** OpenAPI `requestBody.required` (default false): an operation may document that its body can be left out. */
function isBodyRequired(operation: OperationContract): boolean {
  return (operation.raw.requestBody as { required?: boolean } | undefined)?.required === true;
}

function defaultInvalidRequest(ctx: UpstreamContext, diagnostics: { pointer: string; message: string }[]) {
  const first = diagnostics[0];
  const pointer = first?.pointer ?? '';
  return ctx.error('invalid_request', { field: pointer === '' ? 'body' : pointer.slice(1).split('/').join('.'), reason: first?.message ?? 'is invalid' });
}

/** `Prefer: code=<status>` answers with the first catalogue error of that status the operation documents. */
function errorForCode(ctx: UpstreamContext, operation: OperationContract, code: number, request: CallRequest) {
  const documented = Object.keys(operation.responses);
  const id = ctx.contract.errors.ids().find((candidate) => ctx.contract.errors.entry(candidate).status === code);
  if (!documented.includes(String(code)) || !id) {
    return new PixmockProblem(422, 'Unsupported Prefer code', `${operation.operationId} documents no error with status ${code}; documented statuses: ${documented.join(', ')}.`);
  }
  return ctx.error(id, { method: request.method, path: request.path });
}
