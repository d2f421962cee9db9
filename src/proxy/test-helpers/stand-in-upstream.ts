/**
 * A hand-written "real Dify" for the proxy's tests: a plain node:http server (not pixmock's mock)
 * whose routes each answer one way — conforming or with one injected drift — and that remembers
 * what it received (body bytes, headers) and when a client went away.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface StandInUpstream {
  url: string;
  /** What each request brought, in order: method, url, headers and the SHA-256 of its body. */
  received: { method: string; url: string; headers: http.IncomingHttpHeaders; bodySha256: string }[];
  close(): Promise<void>;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Routes by `METHOD path` (without the query); anything else is a 404 the test did not expect. */
export async function startStandIn(routes: Record<string, StandInRoute>): Promise<StandInUpstream> {
  const received: StandInUpstream['received'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodySha256: sha256(body) });
      const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://stand-in').pathname}`];
      if (!route) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`stand-in has no route for ${req.method} ${req.url}`);
        return;
      }
      void route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A promise and the function that settles it, for a test to await an event instead of sleeping. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
