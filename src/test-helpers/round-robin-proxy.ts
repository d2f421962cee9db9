/**
 * A load balancer in miniature, for tests: each request goes to the next of `targets` in turn,
 * its body read whole first (as most balancers buffer), the answer streamed back as it comes
 * (event streams included).
 *
 * @example
 * const proxy = await startRoundRobinProxy([replicaA.url, replicaB.url]);
 * await fetch(`${proxy.url}/__pixmock/health`); // A, then B, then A…
 * await proxy.close();
 */
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { buffer } from 'node:stream/consumers';

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const server = createServer(async (incoming, answer) => {
    const target = new URL(targets[next++ % targets.length] ?? '');
    // Read whole: a replica that refuses a call before its body and closes would otherwise make
    // this side close with body bytes unread, which resets the client's connection.
    const body = await buffer(incoming);
    // A connection per request (agent: false): a kept-alive one the replica is closing would fail a request now and then.
    const forwarded = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent: false }, (response) => {
      answer.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(answer);
    });
    forwarded.on('error', () => {
      if (!answer.headersSent) answer.destroy();
    });
    answer.on('close', () => {
      if (!answer.writableFinished) forwarded.destroy();
    });
    forwarded.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
