/**
 * `pixmock serve` as a user runs it: a real process, free ports, one ready line, health on every
 * port, and the documented 401 from each of the four main operations when called without auth.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../index.js';
import { formatDiagnostic } from '../index.js';
import { freePort } from '../test-helpers/redis-server.js';
import { startServe } from '../test-helpers/serve-process.js';
import { resolveServeOptions } from './serve-command.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

const contracts = await loadContracts();

describe('pixmock serve --json', () => {
  let served: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    served = await startServe(['--json', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0', '--seed', '7', '--latency', 'instant', '--log-level', 'silent']);
  }, 30_000);
  afterAll(() => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
  });

  it('prints one ready line with the seed, URLs and demo credentials', () => {
    expect(served.ready).toMatchObject({
      event: 'ready',
      seed: 7,
      upstreams: {
        aibabe: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), apiKey: expect.any(String), apiSecret: expect.any(String), userId: expect.any(String), agentId: expect.any(String) },
        chatfire: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), apiKey: expect.any(String) },
        dify: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), apiKey: expect.any(String) },
      },
    });
    expect(served.lines).toHaveLength(1);
  });

  it.each(['aibabe', 'chatfire', 'dify'])('answers /__pixmock/health on the %s port', async (upstream) => {
    const response = await fetch(`${served.ready.upstreams[upstream]?.url}/__pixmock/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', upstream, seed: 7, latency: 'instant' });
  });

  it.each([
    ['aibabe', 'chatImage', '/v1/chat/image', 'unauthorized_missing_header'],
    ['aibabe', 'agentCover', '/v1/agent/cover', 'unauthorized_missing_header'],
    ['chatfire', 'createImageGeneration', '/v1/images/generations', 'unauthorized_missing_token'],
    ['dify', 'runWorkflow', '/v1/workflows/run', 'unauthorized_missing_header'],
  ])('answers an unauthenticated %s %s with the documented 401', async (upstream, operationId, path, catalogueId) => {
    const response = await fetch(`${served.ready.upstreams[upstream]?.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const body = (await response.json()) as Record<string, unknown>;
    const contentType = response.headers.get('content-type') ?? undefined;
    const result = contracts.validateResponse(upstream, operationId, { status: response.status, contentType, body });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    const documented = contracts.upstream(upstream).errors.render(catalogueId, { header: 'Authorization' });
    expect(response.status).toBe(401);
    expect(body).toMatchObject(documented.body as Record<string, unknown>);
    for (const [name, value] of Object.entries(documented.headers)) expect(response.headers.get(name)).toBe(value);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => served.child.once('exit', resolve));
    served.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('pixmock serve flags and variables', () => {
  it('maps each flag to its option, and flags win over the config file', async () => {
    const config = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-serve-')), 'pixmock.yaml');
    await writeFile(config, 'ports: { aibabe: 5010, dify: 5030 }\nlatency: fast\nseed: 99\nlimits: { journalEntries: 9 }\n');
    const options = await resolveServeOptions({ logLevel: 'silent', config, portDify: '6030', seed: 1, timeScale: '10', maxBodyBytes: 4096, adminToken: 'tok' });
    expect(options).toMatchObject({ host: '127.0.0.1', ports: { aibabe: 5010, chatfire: 4020, dify: 6030 }, latency: 'fast', timeScale: 10, seed: 1, adminToken: 'tok', limits: { bodyBytes: 4096, journalEntries: 9 } });
  });

  it('turns the CORS flags into the library options: on or off, and origin lists split at commas', async () => {
    const options = await resolveServeOptions({ logLevel: 'silent', cors: 'off', corsOrigin: 'http://a.test, https://b.test:8443', adminCorsOrigin: 'http://localhost:3000' });
    expect(options).toMatchObject({ cors: { enabled: false, origins: ['http://a.test', 'https://b.test:8443'] }, adminCorsOrigins: ['http://localhost:3000'] });
    expect(await resolveServeOptions({ logLevel: 'silent' })).toMatchObject({ cors: { enabled: undefined, origins: undefined }, adminCorsOrigins: undefined });
  });

  it.each([
    ['timeScale', '1e-9', undefined, '--time-scale'],
    ['timeScale', '0', 'env', 'PIXMOCK_TIME_SCALE'],
    ['portChatfire', '65536', 'cli', '--port-chatfire'],
    ['maxStateEntries', '0', 'env', 'PIXMOCK_MAX_STATE_ENTRIES'],
    ['adminToken', ' ', 'cli', '--admin-token'],
    ['corsOrigin', 'localhost:3000', 'env', 'PIXMOCK_CORS_ORIGIN'],
    ['cors', 'maybe', 'cli', '--cors'],
  ])('refuses %s %j (source %s) naming %s', async (attribute, value, source, named) => {
    const refused = resolveServeOptions({ logLevel: 'silent', [attribute]: value }, { [attribute]: source });
    await expect(refused).rejects.toMatchObject({ name: 'ConfigError', source: named });
    await expect(refused).rejects.toThrow(new RegExp(`^Failed to start: ${named}`));
  });
});

/** Runs `pixmock serve` expecting it to refuse to start: its exit code and stderr. */
async function refusedStart(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A server that started after all is stopped, so the test fails on its exit code instead of hanging.
  child.stdout?.once('data', () => child.kill('SIGTERM'));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

describe('pixmock serve options', () => {
  it('refuses to expose the admin API beyond loopback without a token', async () => {
    const { code, stderr } = await refusedStart(['--host', '0.0.0.0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--admin-token/);
  });

  it.each([
    [['--time-scale', '1e-9'], {}, /--time-scale is 1e-9: .*from 0\.001 to 1000000/],
    [['--host', '0.0.0.0', '--admin-token', ' '], {}, /--admin-token .*visible ASCII/],
    [[], { PIXMOCK_SEED: '-3' }, /PIXMOCK_SEED is -3: .*from 0 to 2147483647/],
  ])('refuses %j %j at start with exit code 2, naming the flag or variable and the fix', async (args, env, message) => {
    const { code, stderr } = await refusedStart(args, env);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('refuses to start with exit code 2 when Redis does not answer, naming the URL without its password', async () => {
    const port = await freePort();
    const { code, stderr } = await refusedStart(['--redis', `redis://:hunter2@127.0.0.1:${port}`]);
    expect(code).toBe(2);
    expect(stderr).toContain(`Failed to start: Redis at redis://:***@127.0.0.1:${port} does not answer`);
    expect(stderr).not.toContain('hunter2');
  });

  it('refuses a config file whose admin token is not a string, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-serve-'));
    const file = path.join(dir, 'pixmock.yaml');
    await writeFile(file, 'host: 0.0.0.0\nadminToken: true\n');
    const { code, stderr } = await refusedStart(['--config', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file} /adminToken`);
  });
});

describe('pixmock serve shutdown', () => {
  it('cuts what is still in flight and exits 0 on a second SIGTERM during the grace period', async () => {
    const served = await startServe(['--json', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0', '--latency', 'instant', '--grace-ms', '60000', '--log-level', 'silent']);
    const chatfire = served.ready.upstreams.chatfire ?? {};
    const held = fetch(`${chatfire.url}/v1/images/generations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${chatfire.apiKey}`, 'Content-Type': 'application/json', Prefer: 'latency=600000' },
      body: JSON.stringify({ model: 'seedream-3.0', prompt: 'held' }),
    }).then(
      (response) => `answered ${response.status}`,
      () => 'cut',
    );
    const health = () => fetch(`${chatfire.url}/__pixmock/health`).then((response) => response.json() as Promise<{ clock: { pendingTimers: number } }>);
    while ((await health()).clock.pendingTimers < 1);
    const exited = new Promise<number | null>((resolve) => served.child.once('exit', resolve));
    served.child.kill('SIGTERM');
    // The first signal has been handled once the port refuses new connections.
    while (await health().then(() => true, () => false));
    served.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await held).toBe('cut');
  });
});

describe('pixmock serve ids', () => {
  async function firstTask(args: string[]) {
    const served = await startServe(['--json', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0', '--seed', '7', '--latency', 'instant', '--log-level', 'silent', ...args]);
    try {
      const chatfire = served.ready.upstreams.chatfire ?? {};
      const response = await fetch(`${chatfire.url}/v1/images/generations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chatfire.apiKey}`, 'Content-Type': 'application/json', Prefer: 'mode=openai' },
        body: JSON.stringify({ model: 'seedream-3.0', prompt: 'the same', response_format: 'b64_json' }),
      });
      const task = await fetch(`${chatfire.url}/v1/images/generations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chatfire.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: 'seedream-3.0', prompt: 'the same' }),
      });
      const image = ((await response.json()) as { data: { b64_json: string }[] }).data[0]?.b64_json;
      return { taskId: ((await task.json()) as { task_id: string }).task_id, image };
    } finally {
      served.child.kill('SIGKILL');
    }
  }

  it('issues new ids after a restart with the same seed, while images replay', async () => {
    const [before, after] = [await firstTask([]), await firstTask([])];
    expect(after.taskId).not.toBe(before.taskId);
    expect(after.image).toBe(before.image);
  });

  it('issues the same ids after a restart with --replay-ids', async () => {
    const [before, after] = [await firstTask(['--replay-ids']), await firstTask(['--replay-ids'])];
    expect(after.taskId).toBe(before.taskId);
  });
});
