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
    random = ctx.sim.ids.fork('aibabe-trace-ids');
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

/** Stands in for JSON text while the envelope is serialised; replaced by the text itself. */
const JSON_SLOT = '\u0000pixmock-json-slot\u0000';
const JSON_SLOT_TEXT = JSON.stringify(JSON_SLOT);
/**
 * {@link sendSuccess} for `data` whose bulk is already JSON text (a catalogue serialised once, a
 * cached data URL's bytes in quotes): the envelope is serialised around a marker and the parts are
 * written in its place as they are — neither re-serialised nor copied into one string. The body is
 * byte-for-byte what `sendSuccess` would send with the parts' value in place of the marker.
 *
 * @param json the JSON text, or its pieces in order (UTF-8 strings and bytes)
 * @param withSlot builds `data` with the given marker where the text goes; the marker must come
 *   before any caller-supplied text in serialisation order (the first occurrence is replaced).
 */
export function sendSuccessWithJson(res: Response, ctx: UpstreamContext, json: string | (string | Buffer)[], withSlot: (slot: string) => unknown): void {
  const envelope = JSON.stringify(successEnvelope(ctx, withSlot(JSON_SLOT)));
  const at = envelope.indexOf(JSON_SLOT_TEXT);
  if (at < 0) throw new Error('Failed to send the aibabe envelope: withSlot() left out the slot it was given.');
  const parts = [envelope.slice(0, at), ...(typeof json === 'string' ? [json] : json), envelope.slice(at + JSON_SLOT_TEXT.length)];
  const length = parts.reduce((sum, part) => sum + (typeof part === 'string' ? Buffer.byteLength(part) : part.length), 0);
  res.status(200).set({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(length) });
  // Corked, so the parts leave in one writev (end() uncorks).
  res.cork();
  for (const part of parts) res.write(part);
  res.end();
}

/** `UpstreamDefinition.decorateError`: the catalogue body plus `data: null`, traceId and timestamp. */
export function decorateErrorBody(body: unknown, ctx: UpstreamContext): unknown {
  return { ...(body as Record<string, unknown>), data: null, ...traceFields(ctx) };
}
