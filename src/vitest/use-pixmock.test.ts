/**
 * usePixmock in a test file as a user writes it: the hooks it registers run around these tests, so
 * each test sees what the one before it left behind only through what the helper promises.
 */
import { afterAll, expect, it } from 'vitest';
import { usePixmock } from './use-pixmock.js';

const pixmock = usePixmock({
  upstreams: ['chatfire'],
  latency: 'realistic',
  seed: 7,
  env: { PIXMOCK_TEST_CHATFIRE_URL: 'chatfire.url/v1', PIXMOCK_TEST_CHATFIRE_KEY: 'chatfire.apiKey' },
  scenarios: { chatfire: 'invalid_model' },
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${process.env.PIXMOCK_TEST_CHATFIRE_URL}/images/generations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${process.env.PIXMOCK_TEST_CHATFIRE_KEY}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

afterAll(() => {
  // usePixmock's afterAll runs after this one (hooks run in reverse), so the variables are still set here.
  expect(process.env.PIXMOCK_TEST_CHATFIRE_URL).toBe(`${pixmock.url('chatfire')}/v1`);
});

it('sets the variables the file names from the ready event, on a free port of 127.0.0.1', () => {
  expect(process.env.PIXMOCK_TEST_CHATFIRE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  expect(process.env.PIXMOCK_TEST_CHATFIRE_URL).not.toContain(':4020/');
  expect(process.env.PIXMOCK_TEST_CHATFIRE_KEY).toBe(pixmock.ready.chatfire!.apiKey);
  expect(pixmock.seed).toBe(7);
});

it('applies the file\'s scenario and journals what the code sent', async () => {
  const response = await post({ model: 'seedream-3.0', prompt: 'a red fox' });
  expect(response.status).toBe(400);
  const [entry] = pixmock.requests('chatfire');
  expect(entry).toMatchObject({ operationId: 'createImageGeneration', scenario: 'invalid_model', body: { prompt: 'a red fox' } });
  expect(entry?.headers.authorization).toBe('[redacted]');
});

it('starts each test with an empty journal and the file\'s scenario again', async () => {
  expect(pixmock.requests('chatfire')).toEqual([]);
  await pixmock.scenario('chatfire', null);
  const created = (await (await post({ model: 'seedream-3.0', prompt: 'a lighthouse' })).json()) as { task_id: string };
  expect(created.task_id).toEqual(expect.any(String));
  await pixmock.reset();
  expect(pixmock.requests('chatfire')).toEqual([]);
  expect((await post({ model: 'seedream-3.0', prompt: 'a lighthouse' })).status).toBe(400);
});

it('moves the shared clock, so a realistic generation finishes without waiting for it', async () => {
  await pixmock.scenario('chatfire', null);
  const { task_id } = (await (await post({ model: 'seedream-3.0', prompt: 'a lighthouse' })).json()) as { task_id: string };
  const poll = async () => ((await (await fetch(`${pixmock.url('chatfire')}/v1/images/generations/${task_id}`, { headers: { Authorization: `Bearer ${pixmock.ready.chatfire!.apiKey}` } })).json()) as { status: string }).status;
  expect(await poll()).not.toBe('completed');
  await pixmock.advance(30 * 60 * 1000);
  expect(await poll()).toBe('completed');
});
