// Benchmark child (plain JS so no loader hook skews import times): where `pixmock serve`'s cold
// start goes. Times, from process start: importing the dependencies serve loads at start-up one by
// one (sharp, yaml and ajv's compiler load on first use, so they are not among them), importing
// dist/index.js, loadContracts() (parse + compile every schema), and createMockServers() for all
// three upstreams on port 0. Prints one JSON line {"event":"done","phases":[[label, msSinceStart]…]}.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2] ?? process.cwd();
const require = createRequire(join(root, 'package.json'));
const phases = [['node bootstrap (process start → first line)', performance.now()]];
const lap = (label) => phases.push([label, performance.now()]);
for (const name of ['pino', 'commander', 'qs', 'lru-cache', 'busboy']) {
  await import(pathToFileURL(require.resolve(name)).href);
  lap(`import ${name}`);
}
const lib = await import(pathToFileURL(join(root, 'dist/index.js')).href);
lap('import dist/index.js (the rest: pixmock modules, the contract suite, small dependencies)');
const contracts = await lib.loadContracts();
lap('loadContracts() (read, parse, compile)');
const servers = await lib.createMockServers({ ports: { aibabe: 0, chatfire: 0, dify: 0 }, contracts, latency: 'instant' });
lap('createMockServers() (mocks, apps, listen ×3)');
await servers.close();
process.stdout.write(`${JSON.stringify({ event: 'done', phases })}\n`);
process.exit(0);
