/**
 * The action's scripts as a runner calls them: start.sh with GITHUB_OUTPUT naming a file, the
 * outputs read back from it, a request to the started pixmock, then stop.sh printing the journal
 * and ending the process. The install step (npm) is left to CI; PIXMOCK_BIN runs this checkout.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ACTION = fileURLToPath(new URL('.', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const run = promisify(execFile);

let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'pixmock-action-'));
  env = {
    ...process.env,
    PIXMOCK_HOME: home,
    GITHUB_OUTPUT: path.join(home, 'outputs'),
    PIXMOCK_BIN: `${process.execPath} --import tsx ${MAIN}`,
    PIXMOCK_ARGS: '--port-aibabe 0 --port-chatfire 0 --port-dify 0 --latency instant --seed 5 --log-level silent',
  };
});

afterAll(async () => {
  // stop.sh removes the pid file; one left means a failed test left pixmock running.
  const pid = await readFile(path.join(home, 'pid'), 'utf8').catch(() => undefined);
  if (pid) process.kill(Number(pid), 'SIGKILL');
  await rm(home, { recursive: true, force: true });
});

it('starts pixmock, writes its URLs and demo keys as step outputs, then prints the journal and stops it', async () => {
  const started = await run(path.join(ACTION, 'start.sh'), [], { env, cwd: path.dirname(ACTION) });
  expect(started.stdout).toMatch(/^pixmock: ready \(pid \d+\): \{"event":"ready"/);
  const outputs = Object.fromEntries((await readFile(env.GITHUB_OUTPUT!, 'utf8')).trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  expect(outputs).toMatchObject({
    seed: '5',
    'chatfire-url': expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    'chatfire-api-key': 'sk-pixmock-demo',
    'dify-url': expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    'aibabe-api-secret': expect.any(String),
    'aibabe-agent-id': expect.any(String),
  });
  expect(JSON.parse(outputs.ready!)).toMatchObject({ event: 'ready', seed: 5 });

  const generation = await fetch(`${outputs['chatfire-url']}/v1/images/generations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${outputs['chatfire-api-key']}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'seedream-3.0', prompt: 'a lighthouse' }),
  });
  expect(generation.status).toBe(200);

  const pid = Number(await readFile(path.join(home, 'pid'), 'utf8'));
  const stopped = await run(path.join(ACTION, 'stop.sh'), [], { env });
  expect(stopped.stdout).toContain('pixmock: chatfire received 1 requests\n  POST /v1/images/generations → 200 (createImageGeneration)\n');
  expect(() => process.kill(pid, 0)).toThrow();
});

it('fails with pixmock\'s own message when serve refuses its flags', async () => {
  const refused = await run(path.join(ACTION, 'start.sh'), [], { env: { ...env, PIXMOCK_ARGS: '--time-scale 0' } }).catch((error: { code: number; stderr: string }) => error);
  expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('exited before it was ready') });
  expect((refused as { stderr: string }).stderr).toContain('--time-scale');
});
