import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { readPlaceholderInfo } from '../imaging/index.js';
import { createManualClock } from '../sim/clock.js';
import { sharedContracts, TEST_SEED } from '../suite/test-helpers/run-against-mock.js';
import { createPixmockHandlers } from './create-pixmock-handlers.js';
import type { PixmockHandlers } from './pixmock-handlers.js';

const CHATFIRE = 'http://localhost:5173/api/chatfire';
const DIFY = 'https://api.dify.example';

const clock = createManualClock();
const server = setupServer();
let pixmock: PixmockHandlers;

beforeAll(async () => {
  pixmock = await createPixmockHandlers({ upstreams: { chatfire: `${CHATFIRE}/`, dify: DIFY }, scenarios: { dify: 'unauthorized_invalid_token' }, latency: 'realistic', seed: TEST_SEED, clock, ...(await sharedContracts()) });
  server.use(...pixmock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => pixmock.reset());
afterAll(() => {
  server.close();
  pixmock.close();
});

const chatfire = (path: string, init: RequestInit = {}) => fetch(`${CHATFIRE}${path}`, { ...init, headers: { Authorization: `Bearer ${pixmock.upstreams.chatfire!.demo.apiKey}`, 'Content-Type': 'application/json', ...init.headers } });

it('serves an upstream under a base URL with a path, its links on that base', async () => {
  const created = await chatfire('/v1/images/generations', { method: 'POST', headers: { Prefer: 'latency=0' }, body: JSON.stringify({ model: 'jimeng', prompt: 'a red fox', size: '1024x1024' }) });
  const task = (await created.json()) as { task_id: string };
  await clock.advance(600_000);
  const poll = (await (await chatfire(`/v1/tasks/${task.task_id}`, { headers: { Prefer: 'latency=0' } })).json()) as { status: string; images: { url: string }[] };

  expect(poll.status).toBe('completed');
  expect(poll.images[0]!.url.startsWith(`${CHATFIRE}/`)).toBe(true);
  const image = await fetch(poll.images[0]!.url, { headers: { Prefer: 'latency=0' } });
  expect(readPlaceholderInfo(new Uint8Array(await image.arrayBuffer()))).toMatchObject({ prompt: 'a red fox', width: 1024, height: 1024 });
});

it('ends the simulated wait behind a request whose signal aborts', async () => {
  const controller = new AbortController();
  const answer = chatfire('/v1/images/generations', { method: 'POST', headers: { Prefer: 'latency=60000' }, body: JSON.stringify({ model: 'jimeng', prompt: 'x' }), signal: controller.signal });
  await vi.waitFor(() => expect(clock.pendingTimers()).toBe(1));
  controller.abort();

  await expect(answer).rejects.toThrow();
  await vi.waitFor(() => expect(clock.pendingTimers()).toBe(0));
});

it('answers every request of an upstream with the scenario chosen at creation, again after a reset', async () => {
  for (let i = 0; i < 2; i += 1) {
    const answer = await fetch(`${DIFY}/v1/info`, { headers: { Authorization: `Bearer ${pixmock.upstreams.dify!.demo.apiKey}` } });
    expect(answer.status).toBe(401);
    await pixmock.reset();
  }
});

it('refuses a base URL that is no http(s) URL, and a scenario the upstream lacks', async () => {
  await expect(createPixmockHandlers({ upstreams: { chatfire: 'api.chatfire.site' }, ...(await sharedContracts()) })).rejects.toThrow(/chatfire.*base URL "api.chatfire.site"/);
  await expect(createPixmockHandlers({ upstreams: { chatfire: CHATFIRE }, scenarios: { chatfire: 'no_such_scenario' }, ...(await sharedContracts()) })).rejects.toThrow(/scenario of chatfire to "no_such_scenario"/);
});
