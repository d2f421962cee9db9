/**
 * `pixmock serve` as a user runs it: a real process, free ports, one ready line, health on every
 * port, and the documented 401 from each of the four main operations when called without auth.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../index.js';
import { formatDiagnostic } from '../index.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface ReadyEvent {
  event: string;
  seed: number;
  upstreams: Record<string, Record<string, string>>;
}

function startServe(args: string[]): Promise<{ child: ChildProcess; ready: ReadyEvent; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 20 s; stderr: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line) as ReadyEvent, lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`pixmock serve exited with ${code}: ${stderr}`)));
  });
}

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

describe('pixmock serve options', () => {
  it('refuses to expose the admin API beyond loopback without a token', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--host', '0.0.0.0', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--admin-token/);
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
});
