/**
 * Upstream faults a client must survive: a response slower than its timeout, a connection reset
 * halfway through the body, and a gateway's HTML error page. Returns the fault's reply, or
 * undefined when the call goes on (a slow fault only delays it).
 */
import type { FaultDefinition } from '../mocks/index.js';
import { bytes, reset, type Call, type CallRequest, type Reply } from '../core/index.js';
import { escapeHtml } from '../core/index.js';

/** What a reset connection has sent before it dies: the start of a plausible JSON body. */
const PARTIAL_BODY = '{"code":';

export interface FaultPages {
  /** The upstream's own gateway page (Dify's Cloudflare pages), if it has one for this status. */
  upstreamPage(status: number, request: CallRequest): Reply | undefined;
  /** mocks/gateway-pages.yaml. */
  shared: Readonly<Record<string, string>>;
}

export async function faultReply(fault: FaultDefinition, call: Call, pages: FaultPages): Promise<Reply | undefined> {
  switch (fault.kind) {
    case 'slow':
      await call.wait(fault.delayMs);
      return undefined;
    case 'reset':
      await call.wait(fault.delayMs ?? call.latencyMs());
      return reset(PARTIAL_BODY, { headers: { 'Content-Type': 'application/json', 'Content-Length': String(PARTIAL_BODY.length * 64) } });
    case 'gateway': {
      await call.wait(fault.delayMs ?? 0);
      const own = pages.upstreamPage(fault.status, call.request);
      if (own) return own;
      const page = pages.shared[String(fault.status)] ?? `<html><body><h1>${fault.status}</h1></body></html>`;
      return bytes(page.replaceAll('{host}', escapeHtml(call.request.headers.host ?? 'localhost')), 'text/html; charset=utf-8', { status: fault.status });
    }
  }
}
