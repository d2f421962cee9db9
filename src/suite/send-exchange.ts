/**
 * Sends one request a flow asks for and records it as an exchange: the operation's method and
 * path from the contract, the flow's authentication, a timeout from the operation's latency
 * bound, a streamed body validated as it arrives, and a pause and retry while the target says
 * "slow down". A transport failure is recorded on the exchange, never thrown.
 */
import type { OperationContract } from '../contracts/index.js';
import { matchCatalogue } from './catalogue-match.js';
import type { FlowSession, SendInput, UpstreamFlow } from './flows/flow.js';
import type { Redactor } from './redact.js';
import type { StreamValidator } from './stream-validator.js';
import type { Exchange, SuiteRequest, Transport } from './types.js';

const DEFAULT_TIMEOUT_SIM_MS = 60_000;
const MIN_TIMEOUT_WALL_MS = 10_000;
const TIMEOUT_MARGIN_SIM_MS = 30_000;
const RATE_LIMIT_RETRIES = 5;
const SSE_MAX_EVENTS = 1000;
/** Below this many wall milliseconds a stream budget would measure the suite's own overhead, not the target. */
const SSE_BUDGET_FLOOR_WALL_MS = 1000;

export interface SendContext {
  session: FlowSession;
  flow: UpstreamFlow;
  transport: Transport;
  redact: Redactor;
}

export async function sendExchange(input: SendInput, context: SendContext): Promise<Exchange> {
  const { session } = context;
  for (let attempt = 0; ; attempt += 1) {
    const exchange = await sendOnce(input, context);
    if (attempt < RATE_LIMIT_RETRIES && isRateLimited(exchange, context)) {
      await session.sleep(session.wallMs(2000 * (attempt + 1), session.live ? 1000 : 20));
      continue;
    }
    return exchange;
  }
}

function isRateLimited(exchange: Exchange, { session, flow }: SendContext): boolean {
  const response = exchange.response;
  if (!response || response.json === undefined) return false;
  const match = matchCatalogue(session.contracts.upstream(session.upstream).errors, response.status, response.json);
  return match !== undefined && flow.rateLimitErrorIds.includes(match.id);
}

async function sendOnce(input: SendInput, { session, flow, transport, redact }: SendContext): Promise<Exchange> {
  const operation = session.contracts.upstream(session.upstream).operations.get(input.operationId);
  if (!operation) throw new Error(`Failed to send: ${session.upstream} has no operation ${input.operationId}.`);
  const bound = session.latencyBounds[session.upstream]?.[input.operationId];
  const timeoutSimMs = input.timeoutSimMs ?? (bound?.maxMs !== undefined ? bound.maxMs + TIMEOUT_MARGIN_SIM_MS : DEFAULT_TIMEOUT_SIM_MS);
  const request: SuiteRequest = {
    method: operation.method,
    path: fillPath(operation, input.pathParams ?? {}),
    ...(input.query ? { query: input.query } : {}),
    headers: { ...(input.json !== undefined || input.rawBody !== undefined ? { 'Content-Type': 'application/json' } : {}), ...input.headers },
    ...(input.json !== undefined ? { json: input.json } : {}),
    ...(input.rawBody !== undefined ? { rawBody: input.rawBody } : {}),
    ...(input.form ? { form: input.form } : {}),
    timeoutMs: session.wallMs(timeoutSimMs, MIN_TIMEOUT_WALL_MS),
  };
  if (input.reuseHeadersFrom) request.headers = { ...input.reuseHeadersFrom.headers };
  else if (operation.requiresAuth || input.auth) flow.authorize(request, input.auth ?? { kind: 'valid' }, session);

  const exchange: Exchange = { operationId: input.operationId, role: input.role, request, expect: input.expect ?? { kind: 'conforms' }, notes: { ...input.notes } };
  const controller = new AbortController();
  const validator = input.sse ? streamValidator(input, operation, { session, flow, abort: () => controller.abort() }) : undefined;
  try {
    exchange.response = await transport.send(request, { onChunk: validator?.feed, signal: controller.signal, ...input.sendOptions });
    exchange.receivedAt = session.now();
  } catch (error) {
    exchange.error = redact((error as Error).message);
  }
  if (validator) {
    exchange.notes.sse = validator.finish();
    exchange.notes.noLatency = true;
  }
  return exchange;
}

/** The flow's validator for a streamed body, with the operation's stream budget in wall time. */
function streamValidator(input: SendInput, operation: OperationContract, { session, flow, abort }: { session: FlowSession; flow: UpstreamFlow; abort: () => void }): StreamValidator {
  const streamBudget = session.latencyBounds[session.upstream]?.[input.operationId]?.stream;
  if (!streamBudget) throw new Error(`Failed to stream ${input.operationId}: fixtures/suite/latency-bounds.json gives it no stream budget. Add ${session.upstream}.${input.operationId}.stream {idleMs, totalMs, source}.`);
  if (!flow.createStreamValidator) throw new Error(`Failed to stream ${input.operationId}: the ${session.upstream} flow has no stream validator. Add createStreamValidator to src/suite/flows/${session.upstream}.ts.`);
  return flow.createStreamValidator({
    contracts: session.contracts,
    eventSchemaId: operation.responses['200']?.['text/event-stream']?.eventSchemaId,
    budgets: { maxEvents: SSE_MAX_EVENTS, idleMs: session.wallMs(streamBudget.idleMs, SSE_BUDGET_FLOOR_WALL_MS), totalMs: session.wallMs(streamBudget.totalMs, SSE_BUDGET_FLOOR_WALL_MS) },
    abort,
  });
}

function fillPath(operation: OperationContract, params: Record<string, string>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (placeholder, name: string) => (Object.hasOwn(params, name) ? encodeURIComponent(params[name] as string) : placeholder));
}
