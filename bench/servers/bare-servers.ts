/**
 * Benchmark child: the baselines for the JSON benchmark. `http` is a bare node:http server,
 * `express` a bare express 5 app (etag and x-powered-by off, as in pixmock); both read and parse
 * a JSON request body when there is one and answer every request with the same JSON body,
 * serialised per request. Args: <http|express> <file with the JSON body> [holdMs]. With holdMs > 0
 * every answer waits that long (a timer cleared when the client leaves): the baseline for the cost
 * of holding a request. Prints a ready line; IPC {type:"stats"} → {rss, heapUsed, connections},
 * {type:"gc"} → the same after a full GC, {type:"snapshot"} → a heap snapshot's file; cpuMicros is process.cpuUsage() user + system.
 */
import express from 'express';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const [kind, bodyFile, holdArg] = process.argv.slice(2);
const body: unknown = JSON.parse(readFileSync(bodyFile ?? '', 'utf8'));
const holdMs = Number(holdArg ?? 0);

/** Runs `answer` now, or after holdMs unless the client has gone. */
function later(res: ServerResponse, answer: () => void): void {
  if (!(holdMs > 0)) return answer();
  const timer = setTimeout(answer, holdMs);
  res.once('close', () => clearTimeout(timer));
}

function createBareHttp(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
      later(res, () => {
        const text = JSON.stringify(body);
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
  });
}

function createBareExpress(): Server {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json());
  app.use((_req, res) => {
    later(res, () => res.json(body));
  });
  return createServer(app);
}

const server = kind === 'express' ? createBareExpress() : createBareHttp();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: `http://127.0.0.1:${port}`, port })}\n`);
});
process.on('message', (message: { id: number; type: 'stats' | 'gc' | 'snapshot' }) => {
  if (message.type === 'snapshot') {
    void import('node:v8').then(({ writeHeapSnapshot }) => process.send?.({ id: message.id, file: writeHeapSnapshot() }));
    return;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (message.type === 'gc') {
    gc?.();
    gc?.();
  }
  server.getConnections((_error, connections) => {
    const memory = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    process.send?.({ id: message.id, rss: memory.rss, heapUsed: memory.heapUsed, connections, cpuMicros: user + system });
  });
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
