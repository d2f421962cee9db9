import request from 'supertest';
import { beforeEach, expect, it, vi } from 'vitest';
import { readPlaceholderInfo } from '../../imaging/index.js';
import { createChatfireTestServer, expectDocumented, START_MS, untilWaiting, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

const PROMPT = '3D魔童哪吒 c4d 搬砖 很开心';
let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

function create(body: unknown, prefer = 'latency=0') {
  return request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', prefer).send(body as object);
}

async function completedImage(taskId: string) {
  await server.clock.advance(120_000);
  const poll = await request(server.app).get(`/v1/tasks/${taskId}`).set('Authorization', server.auth).set('Prefer', 'latency=0');
  const image = await request(server.app).get(new URL(poll.body.images[0].url).pathname).set('Prefer', 'latency=0');
  return readPlaceholderInfo(image.body as Buffer);
}

it('answers a new task as pending, echoing model, prompt and the default response_format', async () => {
  const res = await create({ model: 'seedream-3.0', prompt: PROMPT });
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.body).toEqual({
    task_id: expect.stringMatching(/^img_[0-9a-z]{24}$/),
    status: 'pending',
    created_at: START_MS / 1000,
    model: 'seedream-3.0',
    prompt: PROMPT,
    response_format: 'url',
  });
});

it('takes its simulated latency before answering', async () => {
  let res: request.Response | undefined;
  void create({ model: 'jimeng', prompt: 'a cat' }, 'latency=1500').then((r) => (res = r));
  await untilWaiting(server.clock);
  await server.clock.advance(1_499);
  expect(server.clock.pendingTimers()).toBe(1);
  expect(res).toBeUndefined();
  await server.clock.advance(1);
  await vi.waitFor(() => expect(res?.status).toBe(200));
  expect(res?.body.created_at).toBe(START_MS / 1000 + 1);
});

it.each([
  ['an unknown model', { model: 'midjourney', prompt: 'x' }, 'model_not_supported', /model midjourney is not supported/],
  ['no model', { prompt: 'x' }, 'model_not_supported', /not supported/],
  ['an undocumented size', { model: 'jimeng', prompt: 'x', size: '512x512' }, 'size_not_supported', /size not supported/],
  ['a size the model lacks', { model: 'dall-e-3', prompt: 'x', size: '1328x1328' }, 'size_not_supported', /size not supported/],
  ['n of 0', { model: 'jimeng', prompt: 'x', n: 0 }, 'n_not_within_range', /invalid value of n/],
  ['n of 5', { model: 'jimeng', prompt: 'x', n: 5 }, 'n_not_within_range', /invalid value of n/],
  ['a whitespace prompt', { model: 'jimeng', prompt: '   ' }, 'prompt_missing', /prompt is required/],
  ['no prompt', { model: 'jimeng' }, 'prompt_missing', /prompt is required/],
  ['an unknown response_format', { model: 'jimeng', prompt: 'x', response_format: 'webp' }, 'invalid_value', /'webp'/],
  ['a relative url', { model: 'jimeng', prompt: 'x', url: '/ref.png' }, 'invalid_value', /url must be/],
  ['n given as a string', { model: 'jimeng', prompt: 'x', n: '2' }, 'n_not_within_range', /invalid value of n/],
  ['a JSON array', [1, 2], 'invalid_image_request', /invalid request: body must be object/],
])('answers 400 for %s', async (_case, body, code, message) => {
  const res = await create(body);
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
});

it.each([
  ['a body that is not JSON', 'application/json', '{"model":'],
  ['a body of another content type', 'text/plain', 'model=jimeng'],
])('answers 400 for %s', async (_case, type, text) => {
  const res = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Content-Type', type).send(text);
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_image_request');
});

it('records a reference url it does not fetch and marks the image as image-to-image', async () => {
  const url = 'https://example.com/reference/nezha.png';
  const created = await create({ model: 'seedream-3.0', prompt: PROMPT, url });
  const info = await completedImage(created.body.task_id);
  expect(info).toMatchObject({ prompt: PROMPT, referenceImage: true, inputs: { referenceImage: url, referenceFetched: false } });
});

it('reads a data: URL reference and records it cut short', async () => {
  const png = (await server.context.renderer.render({ upstream: 'test', operation: 'ref', width: 8, height: 8, seed: 1, prompt: '' })).toString('base64');
  const created = await create({ model: 'jimeng', prompt: 'sunset poster', url: `data:image/png;base64,${png}` });
  const info = await completedImage(created.body.task_id);
  expect(info?.referenceImage).toBe(true);
  expect(info?.inputs).toMatchObject({ referenceImage: expect.stringMatching(/^data:image\/png;base64,iVBOR.*… \(\d+ chars\)$/), referenceFetched: true });
});

it('reads one of its own image links as a reference', async () => {
  // supertest listens on a new port per request, so both requests name the same Host.
  const first = await create({ model: 'jimeng', prompt: 'first' });
  await server.clock.advance(120_000);
  const poll = await request(server.app).get(`/v1/tasks/${first.body.task_id}`).set('Authorization', server.auth).set('Prefer', 'latency=0').set('Host', 'chatfire.test');
  const url: string = poll.body.images[0].url;
  expect(url).toMatch(/^http:\/\/chatfire\.test\/v1\/files\/images\/img_\w+-0\.png$/);
  const second = await create({ model: 'jimeng', prompt: 'second', url }).set('Host', 'chatfire.test');
  const info = await completedImage(second.body.task_id);
  expect(info?.inputs).toMatchObject({ referenceImage: url, referenceFetched: true });
});

it.each([
  ['one of its own links that does not exist', (origin: string) => `${origin}/v1/files/images/img_nosuchtask-0.png`],
  ['a data: URL that is not an image', () => `data:image/png;base64,${Buffer.from('not an image').toString('base64')}`],
])('fails the task in pending when the reference is %s', async (_case, url) => {
  const origin = `http://127.0.0.1`;
  const created = await create({ model: 'jimeng', prompt: 'x', url: url(origin) }).set('Host', '127.0.0.1');
  await server.clock.advance(120_000);
  const poll = await request(server.app).get(`/v1/images/generations/${created.body.task_id}`).set('Authorization', server.auth).set('Prefer', 'latency=0');
  expectDocumented(server, 'getImageGeneration', poll);
  expect(poll.body).toMatchObject({ status: 'failed', error: { code: 'reference_image_unreachable' } });
});
