/**
 * The Cloudflare edge in front of seed 003's Dify: a response that has sent no byte after
 * `cutAfterMs` (100 s) of simulated time is answered by Cloudflare with HTTP 524 and its HTML page,
 * while the origin keeps working (the run still finishes; read it with GET /v1/workflows/run/{id}).
 * Streams are never cut: their headers go out at once. On by default (`mocks/dify/cloudflare.yaml`
 * `enabled`); `Prefer: edge=off` or `edge=on` decides per request. The same pages answer the
 * `gateway` fault scenarios (502, 504, 524).
 */
import type { Request, Response } from 'express';
import { onClientGone } from '../../server/client-gone.js';
import { escapeHtml } from '../../server/escape-html.js';
import { parsePrefer } from '../../server/prefer-header.js';
import type { UpstreamContext } from '../../server/upstream-context.js';
import { difyMocks } from './dify-mocks.js';
import type { DifyState } from './dify-state.js';

const RAY_ID_HEX_CHARS = 16;
const EDGE_TIMEOUT_STATUS = 524;

export interface CloudflarePage {
  headers: Record<string, string>;
  body: string;
}

/**
 * Cloudflare's page for `status` with {host}, {rayId} and {utcTime} filled (HTML-escaped in the
 * page: the Host header is the client's); undefined if none is configured.
 */
export function cloudflarePage(ctx: UpstreamContext, state: DifyState, status: number, req: Request): CloudflarePage | undefined {
  const { cloudflare } = difyMocks(ctx);
  const template = cloudflare.pages[String(status)];
  if (template === undefined) return undefined;
  const values: Record<string, string> = {
    host: req.headers.host ?? 'localhost',
    rayId: `${state.ids.hex(RAY_ID_HEX_CHARS)}-${cloudflare.colo}`,
    utcTime: `${new Date(ctx.sim.clock.now()).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
  };
  const fill = (text: string, escape: (value: string) => string) => text.replace(/\{(host|rayId|utcTime)\}/g, (_match, name: string) => escape(values[name] ?? ''));
  return {
    headers: Object.fromEntries(Object.entries(cloudflare.headers).map(([name, value]) => [name, fill(value, String)])),
    body: fill(template, escapeHtml),
  };
}

/** `Prefer: edge=off|on` wins; otherwise `cloudflare.enabled`. A malformed Prefer is left for the pipeline's 422. */
export function edgeEnabled(ctx: UpstreamContext, req: Request): boolean {
  let preference: string | undefined;
  try {
    preference = parsePrefer(req.headers.prefer).other.edge;
  } catch {
    preference = undefined;
  }
  if (preference === 'off') return false;
  if (preference === 'on') return true;
  return difyMocks(ctx).cloudflare.enabled;
}

/** The edge's cut of one request, kept in `res.locals.cloudflareEdge` while it is armed. */
export interface EdgeCut {
  /**
   * The handler's work will end `simulatedMs` from now: if that is before the cut, the edge stands
   * down, so real time spent rendering (which simulated time does not count) can never cause a 524.
   */
  expectAnswerWithin(simulatedMs: number): void;
}

/** Arms the edge's cut for one request (unless it is off), cleared when the response closes. */
export function armCloudflareEdge(ctx: UpstreamContext, state: DifyState, req: Request, res: Response): void {
  if (!edgeEnabled(ctx, req)) return;
  const { clock } = ctx.sim;
  const cutAt = clock.now() + ctx.sim.toClockMs(difyMocks(ctx).cloudflare.cutAfterMs);
  const timer = clock.setTimer(() => {
    if (res.headersSent || res.destroyed) return;
    const page = cloudflarePage(ctx, state, EDGE_TIMEOUT_STATUS, req);
    if (!page) return;
    res.locals.edgeCut = true;
    res.status(EDGE_TIMEOUT_STATUS).set(page.headers).send(page.body);
  }, cutAt - clock.now());
  const disarm = () => clock.clearTimer(timer);
  const edge: EdgeCut = {
    expectAnswerWithin(simulatedMs) {
      if (clock.now() + ctx.sim.toClockMs(simulatedMs) < cutAt) disarm();
    },
  };
  res.locals.cloudflareEdge = edge;
  const stopListening = onClientGone(res, disarm);
  res.once('close', () => {
    disarm();
    stopListening();
  });
}
