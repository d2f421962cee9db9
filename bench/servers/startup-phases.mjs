// Benchmark child (plain JS so no loader hook skews import times): where `pixmock serve`'s cold
// start goes. Times, from process start: importing the dependencies serve loads at start-up one by
// one (sharp, yaml, pino and ajv's compiler load on first use, so they are not among them), importing
// the modules the serve command imports, loadContracts() (parse + compile every schema), and
// createMockServers() for all three upstreams on port 0. Prints one JSON line
// {"event":"done","phases":[[label, msSinceStart]…]}.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2] ?? process.cwd();
const require = createRequire(join(root, 'package.json'));
const phases = [['node bootstrap (process start → first line)', performance.now()]];
const lap = (label) => phases.push([label, performance.now()]);
for (const name of ['commander', 'lru-cache']) {
  await import(pathToFileURL(require.resolve(name)).href);
  lap(`import ${name}`);
}
await import(pathToFileURL(join(root, 'dist/cli/serve-command.js')).href);
lap('import dist/cli/serve-command.js (the rest: the pixmock modules serve uses, small dependencies)');
const { loadContracts } = await import(pathToFileURL(join(root, 'dist/contracts/index.js')).href);
const { createMockServers } = await import(pathToFileURL(join(root, 'dist/app/create-mock-servers.js')).href);
const contracts = await loadContracts();
lap('loadContracts() (read, parse, compile)');
const servers = await createMockServers({ ports: { aibabe: 0, chatfire: 0, dify: 0 }, contracts, latency: 'instant' });
lap('createMockServers() (mocks, apps, listen ×3)');
await servers.close();
process.stdout.write(`${JSON.stringify({ event: 'done', phases })}\n`);
process.exit(0);
