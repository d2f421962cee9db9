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

/** Stands in for JSON text while the envelope is serialised; replaced by the text itself. */
const JSON_SLOT = '\u0000pixmock-json-slot\u0000';
const JSON_SLOT_TEXT = JSON.stringify(JSON_SLOT);
/** A character JSON.stringify might escape (anything outside the data-URL/base64 alphabet). */
const MAY_NEED_ESCAPING = /[^A-Za-z0-9+/=:;,.\-]/;
/** The last text found safe: a cached data URL answered again is not scanned again (~0.5 ms for 110 KB). */
let lastSafe: string | undefined;

function needsNoEscaping(raw: string): boolean {
  if (raw === lastSafe) return true;
  if (MAY_NEED_ESCAPING.test(raw)) return false;
  lastSafe = raw;
  return true;
}

/** `raw` as JSON text: quoted as it is when nothing in it needs escaping (a base64 data URL never does). */
export function jsonStringText(raw: string): string {
  return needsNoEscaping(raw) ? `"${raw}"` : JSON.stringify(raw);
}

/**
 * {@link sendSuccess} for `data` whose bulk is already JSON text (a data URL from
 * {@link jsonStringText}, a catalogue serialised once): the envelope is serialised around a marker
 * and the text spliced in, so JSON.stringify neither copies nor re-serialises it. The body is
 * byte-for-byte what `sendSuccess` would send with the text's value in place of the marker.
 *
 * @param withSlot builds `data` with the given marker where the text goes; the marker must come
 *   before any caller-supplied text in serialisation order (the first occurrence is replaced).
 */
export function sendSuccessWithJson(res: Response, ctx: UpstreamContext, jsonText: string, withSlot: (slot: string) => unknown): void {
  const envelope = JSON.stringify(successEnvelope(ctx, withSlot(JSON_SLOT)));
  const at = envelope.indexOf(JSON_SLOT_TEXT);
  if (at < 0) throw new Error('Failed to send the aibabe envelope: withSlot() left out the slot it was given.');
  if (!res.get('Content-Type')) res.set('Content-Type', 'application/json');
  res.status(200).send(`${envelope.slice(0, at)}${jsonText}${envelope.slice(at + JSON_SLOT_TEXT.length)}`);
}

/** `UpstreamDefinition.decorateError`: the catalogue body plus `data: null`, traceId and timestamp. */
export function decorateErrorBody(body: unknown, ctx: UpstreamContext): unknown {
  return { ...(body as Record<string, unknown>), data: null, ...traceFields(ctx) };
}
