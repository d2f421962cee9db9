/**
 * Iteration helper, not part of `npm run bench`: Dify `GET /v1/parameters` on pixmock against a bare
 * node:http server answering the same body, interleaved rounds, same pinning as benchmark 1.
 *
 *   node --import tsx bench/quick-throughput.ts [rounds] [seconds] [-- extra node args for pixmock]
 *
 * Extra node args (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to both server children.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerReady } from './lib/bench-env.js';
import { createBenchMocks } from './lib/bench-mocks.js';
import { runLoad } from './lib/load.js';
import { describeMachine } from './lib/machine.js';
import { pinSelf, startProcess } from './lib/processes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const separator = process.argv.indexOf('--');
const positional = process.argv.slice(2, separator < 0 ? undefined : separator);
const nodeArgs = separator < 0 ? [] : process.argv.slice(separator + 1);
const rounds = Number(positional[0] ?? 3);
const seconds = Number(positional[1] ?? 4);

const machine = describeMachine();
await pinSelf(machine.taskset, 1);
const mocks = await createBenchMocks(join(ROOT, 'mocks'));
const pixmock = await startProcess<ServerReady>({
  command: process.execPath,
  args: ['--import', 'tsx', '--expose-gc', ...nodeArgs, join(ROOT, 'bench/servers/pixmock-server.ts'), JSON.stringify({ mocksDir: mocks.dir, upstream: 'dify', latency: 'instant' })],
  cwd: ROOT,
  cpu: 0,
  tasksetPath: machine.taskset,
  ipc: true,
  ready: (line) => (line.startsWith('{"event":"ready"') ? (JSON.parse(line) as ServerReady) : undefined),
});
const headers = { Authorization: `Bearer ${pixmock.ready.demo?.apiKey}` };
const body: unknown = await (await fetch(`${pixmock.ready.url}/v1/parameters`, { headers })).json();
const bodyFile = join(tmpdir(), `pixmock-quick-${process.pid}.json`);
await writeFile(bodyFile, JSON.stringify(body));
const bare = await startProcess<ServerReady>({
  command: process.execPath,
  args: ['--import', 'tsx', ...nodeArgs, join(ROOT, 'bench/servers/bare-servers.ts'), 'http', bodyFile, '0'],
  cwd: ROOT,
  cpu: 0,
  tasksetPath: machine.taskset,
  ipc: true,
  ready: (line) => (line.startsWith('{"event":"ready"') ? (JSON.parse(line) as ServerReady) : undefined),
});
const targets = [
  ['pixmock', pixmock.ready.url, pixmock],
  ['bare node:http', bare.ready.url, bare],
] as const;
const cpu: Record<string, number[]> = {};
const best: Record<string, number> = {};
const requests = [{ method: 'GET' as const, path: '/v1/parameters', headers }];
for (const [, url] of targets) await runLoad({ url, duration: 2, requests });
for (let round = 0; round < rounds; round += 1) {
  for (const [name, url, child] of targets) {
    const before = (await child.request<{ cpuMicros: number }>({ type: 'stats' })).cpuMicros;
    const result = await runLoad({ url, duration: seconds, requests });
    const after = (await child.request<{ cpuMicros: number }>({ type: 'stats' })).cpuMicros;
    (cpu[name] ??= []).push((after - before) / result.total);
    best[name] = Math.max(best[name] ?? 0, result.requestsPerSecond);
    process.stderr.write(`${name} round ${round + 1}: ${Math.round(result.requestsPerSecond)} req/s, ${cpu[name]!.at(-1)!.toFixed(1)} µs CPU/request (non-2xx ${result.non2xx})\n`);
  }
}
const low = (name: string) => Math.min(...(cpu[name] ?? []));
process.stdout.write(`CPU µs per request (lowest round): pixmock ${low('pixmock').toFixed(1)} / bare ${low('bare node:http').toFixed(1)} = ${(low('bare node:http') / low('pixmock')).toFixed(2)}× (bare/pixmock)\n`);
process.stdout.write(`best: pixmock ${Math.round(best.pixmock!)} / bare ${Math.round(best['bare node:http']!)} = ${(best.pixmock! / best['bare node:http']!).toFixed(2)}×\n`);
await pixmock.stop(5_000);
await bare.stop();
await rm(bodyFile, { force: true });
await mocks.remove();
