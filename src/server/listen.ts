/**
 * Puts an app on a port and takes it off again. Node's default `requestTimeout` (300 s) would cut
 * a 300 s cover generation, so it is switched off; closing lets in-flight requests finish for a
 * grace period, then drops the remaining connections. Requests arrive carrying express's API
 * (express-api.ts), so upstreams answer them without express's per-request prototype swap.
 */
import { createServer, type Server } from 'node:http';
import { ExpressRequest, ExpressResponse } from './express-api.js';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface ListeningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, waits up to `graceMs` for in-flight requests, then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  host?: string;
  port?: number;
}

export async function listen(handler: RequestListener, { host = '127.0.0.1', port = 0 }: ListenOptions = {}): Promise<ListeningServer> {
  const server = createServer(
    { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse, requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000 },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close(graceMs = 5_000) {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.once('close', () => clearTimeout(force));
      });
    },
  };
}
