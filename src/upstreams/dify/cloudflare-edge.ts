/**
 * The Cloudflare edge in front of seed 003's Dify, as the plugin's two gateway hooks. A call that
 * has sent no byte after `cutAfterMs` (100 s) of simulated time is answered by Cloudflare with
 * HTTP 524 and its HTML page, while the origin keeps working (the run still finishes; read it with
 * GET /v1/workflows/run/{id}). Streams are never cut: their headers go out at once. On by default
 * (`mocks/dify/cloudflare.yaml` `enabled`); `Prefer: edge=off` or `edge=on` decides per request.
 * The same pages answer the `gateway` fault scenarios (502, 504, 524).
 */
import { bytes, escapeHtml, type BytesReply, type Call, type CallRequest, type GatewayCut, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';

const RAY_ID_HEX_CHARS = 16;
const EDGE_TIMEOUT_STATUS = 524;
const PAGE_CONTENT_TYPE = 'text/html; charset=UTF-8';

/** The edge's cut of one call, or undefined when the edge is off for it. */
export function gatewayCut(call: Call<DifyPrincipal>, ctx: UpstreamContext, state: DifyState): GatewayCut | undefined {
  if (!edgeEnabled(call, state)) return undefined;
  const template = pageTemplate(state, EDGE_TIMEOUT_STATUS);
  // Without a 524 page there is nothing the edge could answer: it never cuts.
  if (template === undefined) return undefined;
  return {
    afterMs: state.mocks.cloudflare.cutAfterMs,
    page: () => renderPage(template, EDGE_TIMEOUT_STATUS, call.request, ctx, state),
  };
}

/** Cloudflare's page for `status` (the `gateway` faults); undefined if none is configured. */
export function gatewayPage(status: number, request: CallRequest, ctx: UpstreamContext, state: DifyState): BytesReply | undefined {
  const template = pageTemplate(state, status);
  return template === undefined ? undefined : renderPage(template, status, request, ctx, state);
}

function pageTemplate(state: DifyState, status: number): string | undefined {
  const pages: Readonly<Record<string, string | undefined>> = state.mocks.cloudflare.pages;
  return pages[String(status)];
}

/** The page with {host}, {rayId} and {utcTime} filled (HTML-escaped in the page: the Host header is the client's). */
function renderPage(template: string, status: number, request: CallRequest, ctx: UpstreamContext, state: DifyState): BytesReply {
  const { cloudflare } = state.mocks;
  const values: Record<string, string> = {
    // A WHATWG Request carries no Host header: the host it was addressed to is in its origin.
    host: request.headers.host ?? request.origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''),
    rayId: `${state.ids.hex(RAY_ID_HEX_CHARS)}-${cloudflare.colo}`,
    utcTime: `${new Date(ctx.sim.clock.now()).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
  };
  const fill = (text: string, escape: (value: string) => string) => text.replace(/\{(host|rayId|utcTime)\}/g, (_match, name: string) => escape(values[name] ?? ''));
  let contentType = PAGE_CONTENT_TYPE;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(cloudflare.headers)) {
    if (value === undefined) continue;
    if (name.toLowerCase() === 'content-type') contentType = fill(value, String);
    else headers[name] = fill(value, String);
  }
  return bytes(fill(template, escapeHtml), contentType, { status, headers });
}

/** `Prefer: edge=off|on` wins; otherwise `cloudflare.enabled`. */
function edgeEnabled(call: Call<DifyPrincipal>, state: DifyState): boolean {
  const preference = call.preferences.other.edge;
  if (preference === 'off') return false;
  if (preference === 'on') return true;
  return state.mocks.cloudflare.enabled;
}
