/**
 * The CLI as `npm start` and `bin/pixmock.js` run it: the bundle `npm run build` writes
 * (scripts/bundle-cli.mjs). Every module in it must still find the files it ships with (contracts,
 * mocks, console assets, fonts, precompiled validators, the suite's fixtures) from its new place.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/pixmock.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/bundle/pixmock.js', import.meta.url));

describe('the bundled CLI', () => {
  let child: ReturnType<typeof spawn>;
  let upstreams: Record<string, { url: string; apiKey?: string }>;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/bundle/pixmock.js is missing: run npm run build (npm ci runs it)');
    child = spawn(process.execPath, [BIN, 'serve', '--json', '--latency', 'instant', '--port', 'aibabe=0', '--port', 'chatfire=0', '--port', 'dify=0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`pixmock serve exited with ${code}`)));
    });
    ({ upstreams } = JSON.parse(line) as { upstreams: typeof upstreams });
  });

  afterAll(() => {
    child?.kill();
  });

  it('serves the console page and its scripts from the package', async () => {
    for (const asset of ['', '/console.js']) {
      const res = await fetch(`${upstreams.dify!.url}/__pixmock/console${asset}`);
      expect(res.status, asset).toBe(200);
    }
  });

  it('validates a request against the contract and renders the PNG of a completed chatfire task', async () => {
    const auth = { Authorization: `Bearer ${upstreams.chatfire!.apiKey}`, 'Content-Type': 'application/json' };
    const refused = await fetch(`${upstreams.chatfire!.url}/v1/images/generations`, { method: 'POST', headers: auth, body: JSON.stringify({ prompt: 42 }) });
    expect(refused.status).toBe(400);
    const created = (await (await fetch(`${upstreams.chatfire!.url}/v1/images/generations`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'seedream-3.0', prompt: 'a lighthouse', size: '1024x1792' }) })).json()) as { task_id: string };
    let task: { status?: string; images?: Array<{ url: string }> } = {};
    // Instant latency: the task ends within a few polls; the bound keeps a broken bundle from polling forever.
    for (let poll = 0; poll < 100 && task.status !== 'completed' && task.status !== 'failed'; poll++) {
      task = (await (await fetch(`${upstreams.chatfire!.url}/v1/images/generations/${created.task_id}`, { headers: auth })).json()) as typeof task;
    }
    expect(task.status).toBe('completed');
    const png = Buffer.from(await (await fetch(task.images![0]!.url, { headers: auth })).arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1792 });
  });

  it('runs verify from its own chunk, with the suite and its fixtures', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'verify', '--upstream', 'chatfire', '--dry-run', '--seed', '1']);
    // The summary line counts the cases generated from the contract and the suite's fixtures.
    expect(stdout).toMatch(/^PASSED · [1-9]\d* cases/m);
  });
});
