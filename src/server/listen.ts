/**
 * Puts an app on a port and takes it off again. Two timeouts bound what a client can hold: a
 * request must arrive whole within `requestTimeoutMs` (node answers 408; the time an answer takes
 * afterwards is not counted, so a 300 s cover generation is never cut), and a client that reads
 * nothing of its answer for `sendTimeoutMs` is disconnected. Closing lets in-flight requests
 * finish for a grace period, then drops the remaining connections.
 */
import { createServer, ServerResponse, type Server } from 'node:http';
import { createUnreadAnswers } from './unread-answers.js';
import { DEFAULT_LIMITS } from '../core/index.js';
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
  /** Milliseconds a client has to send a whole request (headers and body); `ServerLimits.requestTimeoutMs`. */
  requestTimeoutMs?: number;
  /** Milliseconds a client may read nothing of an answer being written before it is disconnected; `ServerLimits.sendTimeoutMs`. */
  sendTimeoutMs?: number;
}

const HEADERS_TIMEOUT_MS = 60_000;
/** How often node looks for requests past their timeout, at most. */
const CONNECTIONS_CHECK_MS = 30_000;

export async function listen(
  handler: RequestListener,
  { host = '127.0.0.1', port = 0, requestTimeoutMs = DEFAULT_LIMITS.requestTimeoutMs, sendTimeoutMs = DEFAULT_LIMITS.sendTimeoutMs }: ListenOptions = {},
): Promise<ListeningServer> {
  const unreadAnswers = createUnreadAnswers(sendTimeoutMs);
  /** Each answer, once ended, is watched for a client that does not read it. */
  class WatchedResponse extends ServerResponse {
    override end(cb?: () => void): this;
    override end(chunk: unknown, cb?: () => void): this;
    override end(chunk: unknown, encoding: BufferEncoding, cb?: () => void): this;
    override end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
      // Omitted arguments arrive as undefined, which node's end() treats as omitted.
      (super.end as (chunk: unknown, encoding: unknown, cb: unknown) => this)(chunk, encoding, cb);
      unreadAnswers.watch(this.socket);
      return this;
    }
  }
  const server = createServer(
    {
      ServerResponse: WatchedResponse,
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
      connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_MS, Math.max(1, requestTimeoutMs / 4)),
      keepAliveTimeout: 5_000,
    },
    handler,
  );
  server.once('close', () => unreadAnswers.dispose());
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
