/**
 * The aibabe envelope `{code, success, message, data, traceId, timestamp}`: success bodies take
 * their fixed fields from `x-pixmock-success` in contracts/aibabe/openapi.yaml, error bodies from
 * the catalogue; both get a fresh 32-character traceId (seeded) and the clock's epoch milliseconds
 * as a string.
 *
 * @example
 * sendSuccess(res, ctx, { conversationId });
 * // {"code":10200,"success":true,"message":"OK","data":{...},"traceId":"…32…","timestamp":"1767225600000"}
 */
import type { Response } from 'express';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { Random } from '../../sim/random.js';

const TRACE_ID_LENGTH = 32;
const TRACE_RANDOM = new WeakMap<UpstreamContext, Random>();

function traceFields(ctx: UpstreamContext): { traceId: string; timestamp: string } {
  let random = TRACE_RANDOM.get(ctx);
  if (!random) {
    random = ctx.sim.random.fork('aibabe-trace-ids');
    TRACE_RANDOM.set(ctx, random);
  }
  return { traceId: random.alphanumeric(TRACE_ID_LENGTH), timestamp: String(ctx.sim.clock.now()) };
}

/** The fixed success fields (`code`, `success`, `message`) from the contract. */
function successFields(ctx: UpstreamContext): Record<string, unknown> {
  const fields = ctx.contract.document['x-pixmock-success'];
  if (!fields || typeof fields !== 'object') {
    throw new Error(`Failed to build a success envelope: contracts/${ctx.id}/openapi.yaml has no x-pixmock-success. Add {code, success, message}.`);
  }
  return fields as Record<string, unknown>;
}

export function successEnvelope(ctx: UpstreamContext, data: unknown): Record<string, unknown> {
  return { ...successFields(ctx), data, ...traceFields(ctx) };
}

export function sendSuccess(res: Response, ctx: UpstreamContext, data: unknown): void {
  res.status(200).json(successEnvelope(ctx, data));
}

/** `UpstreamDefinition.decorateError`: the catalogue body plus `data: null`, traceId and timestamp. */
export function decorateErrorBody(body: unknown, ctx: UpstreamContext): unknown {
  return { ...(body as Record<string, unknown>), data: null, ...traceFields(ctx) };
}
