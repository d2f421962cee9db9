import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPlaceholderInfo } from '../../imaging/index.js';
import { listen, type ListeningServer } from '../../server/listen.js';
import { createSystemClock } from '../../sim/clock.js';
import { createChatfireTestServer, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

const POLL_INTERVAL_MS = 20;
const LIFECYCLE = ['pending', 'processing', 'completed'];
let server: ChatfireTestServer;
let listening: ListeningServer;

beforeAll(async () => {
  server = await createChatfireTestServer({ clock: createSystemClock(), latency: 'fast', timeScale: 10 });
  listening = await listen(server.app, { host: '127.0.0.1', port: 0 });
});

afterAll(() => listening.close(0));

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${listening.url}${path}`, { ...init, headers: { Authorization: server.auth, 'Content-Type': 'application/json', ...init.headers } });
  const body: unknown = await res.json();
  const result = server.context.contracts.validateResponse('chatfire', path.startsWith('/v1/tasks') ? 'getTask' : path.includes('generations/') ? 'getImageGeneration' : 'createImageGeneration', {
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    body,
  });
  expect(result.diagnostics).toEqual([]);
  return body as { task_id: string; status: string; images?: { url?: string; oss_url?: string; width: number; height: number }[] };
}

it.each([
  ['/v1/images/generations/', 'url', 'keling'],
  ['/v1/tasks/', 'oss_url', 'jimeng'],
] as const)('polls %s until a %s task of %s completes, then decodes every image', async (pollPath, format, model) => {
  const prompt = `${model} 樱花树下的女孩`;
  const created = await call('/v1/images/generations', { method: 'POST', body: JSON.stringify({ model, prompt, n: 3, size: '1024x1792', response_format: format }) });
  expect(created.status).toBe('pending');
  const seen = [created.status];
  let task = created;
  while (task.status === 'pending' || task.status === 'processing') {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    task = await call(`${pollPath}${created.task_id}`);
    seen.push(task.status);
  }
  const order = seen.map((status) => LIFECYCLE.indexOf(status));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(seen.at(-1)).toBe('completed');
  expect(task.images).toHaveLength(3);
  for (const image of task.images ?? []) {
    const link = image[format] ?? '';
    expect(link.startsWith(`${listening.url}/v1/files/images/`)).toBe(true);
    const download = await fetch(link);
    expect(download.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await download.arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1792 });
    expect(readPlaceholderInfo(png)).toMatchObject({ prompt, inputs: { model } });
  }
});
