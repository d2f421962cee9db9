// Benchmark child (plain JS, as `pixmock serve` runs from dist/): the cold-start reference, a bare
// node:http server that answers every request with `{}`. Listens on 127.0.0.1 port 0 and prints one
// JSON ready line, as `pixmock serve --json` does when its ports listen.
import { createServer } from 'node:http';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '2' });
  res.end('{}');
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: `http://127.0.0.1:${port}`, port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
