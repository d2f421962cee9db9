/**
 * Upstream faults a client must survive: a response slower than its timeout, a connection reset
 * halfway through the body, and a gateway's HTML error page. Returns true when the fault has
 * answered (or killed) the request.
 */
import type { Request, Response } from 'express';
import type { FaultDefinition } from '../mocks/index.js';
import { escapeHtml } from './escape-html.js';
import type { OperationCall, UpstreamContext, UpstreamDefinition } from './upstream-context.js';

/** What a reset connection has sent before it dies: the start of a plausible JSON body. */
const PARTIAL_BODY = '{"code":';

export async function applyFault(
  fault: FaultDefinition,
  req: Request,
  res: Response,
  call: OperationCall,
  ctx: UpstreamContext,
  definition?: Pick<UpstreamDefinition, 'gatewayPage'>,
): Promise<boolean> {
  switch (fault.kind) {
    case 'slow':
      await call.wait(fault.delayMs);
      return false;
    case 'reset':
      await call.wait(fault.delayMs ?? call.latencyMs());
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(PARTIAL_BODY.length * 64) });
      res.write(PARTIAL_BODY);
      res.socket?.destroy();
      return true;
    case 'gateway': {
      await call.wait(fault.delayMs ?? 0);
      // Something in front (e.g. a simulated edge timeout) may have answered during the delay.
      if (res.headersSent) return true;
      const custom = definition?.gatewayPage?.(fault.status, req, ctx);
      if (custom) {
        res.status(fault.status).set(custom.headers).send(custom.body);
        return true;
      }
      const page = ctx.gatewayPages[String(fault.status)] ?? `<html><body><h1>${fault.status}</h1></body></html>`;
      res.status(fault.status).type('text/html').send(page.replaceAll('{host}', escapeHtml(req.headers.host ?? 'localhost')));
      return true;
    }
  }
}
