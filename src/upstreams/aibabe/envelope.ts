/**
 * The aibabe envelope `{code, success, message, data, traceId, timestamp}`: success bodies take
 * their fixed fields from `x-pixmock-success` in contracts/aibabe/openapi.yaml, error bodies from
 * the catalogue; both get a fresh 32-character traceId (seeded, from the state) and the clock's
 * epoch milliseconds as a string.
 *
 * @example
 * return successReply(ctx, state, { conversationId });
 * // {"code":10200,"success":true,"message":"OK","data":{...},"traceId":"…32…","timestamp":"1767225600000"}
 */
import { bytes, json, JSON_CONTENT_TYPE, type BytesReply, type JsonReply, type ReplyBytes, type UpstreamContext } from '../../core/index.js';
import type { AibabeState } from './aibabe-state.js';

const TRACE_ID_LENGTH = 32;

function traceFields(ctx: UpstreamContext, state: AibabeState): { traceId: string; timestamp: string } {
  return { traceId: state.traceIds.alphanumeric(TRACE_ID_LENGTH), timestamp: String(ctx.sim.clock.now()) };
}

/** The fixed success fields (`code`, `success`, `message`) from the contract. */
function successFields(ctx: UpstreamContext): Record<string, unknown> {
  const fields = ctx.contract.document['x-pixmock-success'];
  if (!fields || typeof fields !== 'object') {
    throw new Error(`Failed to build a success envelope: contracts/${ctx.id}/openapi.yaml has no x-pixmock-success. Add {code, success, message}.`);
  }
  return fields as Record<string, unknown>;
}

export function successEnvelope(ctx: UpstreamContext, state: AibabeState, data: unknown): Record<string, unknown> {
  return { ...successFields(ctx), data, ...traceFields(ctx, state) };
}

/** The HTTP 200 answer carrying `data` in the success envelope. */
export function successReply(ctx: UpstreamContext, state: AibabeState, data: unknown): JsonReply {
  return json(successEnvelope(ctx, state, data));
}

/** Stands in for JSON text while the envelope is serialised; replaced by the text itself. */
const JSON_SLOT = '\u0000pixmock-json-slot\u0000';
const JSON_SLOT_TEXT = JSON.stringify(JSON_SLOT);
/**
 * {@link successReply} for `data` whose bulk is already JSON text (a catalogue serialised once, a
 * data URL in quotes): the envelope is serialised around a marker and the pieces go
 * out in its place as they are, neither re-serialised nor copied into one string — kept because
 * serialising the whole envelope costs image answers and the signed options answer more than the
 * issue's threshold (the ablation in bench/README.md). The body is byte-for-byte what
 * `successReply` would send with the pieces' value in place of the marker.
 *
 * @param text the JSON text, or its pieces in order (UTF-8 strings and bytes)
 * @param withSlot builds `data` with the given marker where the text goes; the marker must come
 *   before any caller-supplied text in serialisation order (the first occurrence is replaced).
 */
export function successReplyWithJson(ctx: UpstreamContext, state: AibabeState, text: ReplyBytes, withSlot: (slot: string) => unknown): BytesReply {
  const envelope = JSON.stringify(successEnvelope(ctx, state, withSlot(JSON_SLOT)));
  const at = envelope.indexOf(JSON_SLOT_TEXT);
  if (at < 0) throw new Error('Failed to build the aibabe envelope: withSlot() left out the slot it was given.');
  const pieces = typeof text === 'string' || text instanceof Uint8Array ? [text] : text;
  return bytes([envelope.slice(0, at), ...pieces, envelope.slice(at + JSON_SLOT_TEXT.length)], JSON_CONTENT_TYPE);
}

/** The plugin's `decorateError`: the catalogue body plus `data: null`, traceId and timestamp. */
export function decorateErrorBody(body: unknown, ctx: UpstreamContext, state: AibabeState): unknown {
  return { ...(body as Record<string, unknown>), data: null, ...traceFields(ctx, state) };
}
