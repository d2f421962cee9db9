import request from 'supertest';
import { beforeEach, expect, it } from 'vitest';
import { readPngSize } from '../../imaging/index.js';
import { createChatfireTestServer, expectDocumented, START_MS, untilWaiting, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

const OPENAI_KEY = 'Bearer sk-pixmock-openai';
let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

/** Sends the request, then moves the clock past any generation so the blocked answer comes out. */
async function createAndWait(body: Record<string, unknown>, { auth = server.auth, prefer = 'latency=0' } = {}) {
  const pending = request(server.app).post('/v1/images/generations').set('Authorization', auth).set('Prefer', prefer).send(body).then((res) => res);
  await untilWaiting(server.clock);
  await server.clock.advance(120_000);
  const res = await pending;
  expectDocumented(server, 'createImageGeneration', res);
  return res;
}

it('answers OpenAI\'s images shape once generation ends with Prefer: mode=openai', async () => {
  let answered = false;
  const pending = request(server.app)
    .post('/v1/images/generations')
    .set('Authorization', server.auth)
    .set('Prefer', 'mode=openai, latency=0')
    .send({ model: 'jimeng', prompt: 'x', n: 2 })
    .then((res) => ((answered = true), res));
  await untilWaiting(server.clock);
  await server.clock.advance(6_500 - 1); // jimeng takes at least 500 ms pending + 6000 ms processing
  expect(server.clock.pendingTimers()).toBe(1);
  expect(answered).toBe(false);
  await server.clock.advance(20_000);
  const res = await pending;
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.body.created).toBeGreaterThan(START_MS / 1000);
  expect(res.body.data).toEqual([{ url: expect.stringMatching(/-0\.png$/) }, { url: expect.stringMatching(/-1\.png$/) }]);
});

it.each([
  ['a key with responseMode openai', { auth: OPENAI_KEY, prefer: 'latency=0' }],
  ['the openai_compat scenario', { prefer: 'scenario=openai_compat, latency=0' }],
])('uses openai mode for %s', async (_case, options) => {
  const res = await createAndWait({ model: 'seedream-3.0', prompt: 'x' }, options);
  expect(Object.keys(res.body)).toEqual(['created', 'data']);
});

it('uses openai mode for every request while the openai_compat scenario is set server-wide', async () => {
  await request(server.app).put('/__pixmock/scenario').send({ name: 'openai_compat' }).expect(200);
  const res = await createAndWait({ model: 'jimeng', prompt: 'x' });
  expect(Object.keys(res.body)).toEqual(['created', 'data']);
});

it('lets Prefer: mode=task override a key in openai mode', async () => {
  const res = await request(server.app).post('/v1/images/generations').set('Authorization', OPENAI_KEY).set('Prefer', 'mode=task, latency=0').send({ model: 'seedream-3.0', prompt: 'x' });
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.body.status).toBe('pending');
});

it.each([
  ['dall-e-3', { revised_prompt: 'a red fox' }],
  ['keling', {}],
])('adds revised_prompt only for models that revise prompts (%s)', async (model, extra) => {
  const res = await createAndWait({ model, prompt: 'a red fox' }, { auth: OPENAI_KEY });
  expect(res.body.data[0]).toEqual({ url: expect.any(String), ...extra });
});

it('serves b64_json PNGs of the requested size and oss_url as url', async () => {
  const b64 = await createAndWait({ model: 'jimeng', prompt: 'x', size: '1024x1792', response_format: 'b64_json' }, { auth: OPENAI_KEY });
  expect(readPngSize(Buffer.from(b64.body.data[0].b64_json, 'base64'))).toEqual({ width: 1024, height: 1792 });
  const oss = await createAndWait({ model: 'jimeng', prompt: 'x', response_format: 'oss_url' }, { auth: OPENAI_KEY });
  expect(Object.keys(oss.body.data[0])).toEqual(['url']);
  expect((await request(server.app).get(new URL(oss.body.data[0].url).pathname).set('Prefer', 'latency=0')).status).toBe(200);
});

it.each([
  ['task_failed_content_policy_violation', 'content_policy_violation'],
  ['task_failed_generation_timeout', 'upstream_failure'],
])('answers the failure\'s openaiError when scenario %s fails the task', async (scenario, errorId) => {
  const res = await createAndWait({ model: 'jimeng', prompt: 'x' }, { auth: OPENAI_KEY, prefer: `scenario=${scenario}, latency=0` });
  const expected = server.context.contract.errors.render(errorId);
  expect(res.status).toBe(expected.status);
  expect(res.body).toEqual(expected.body);
});

it('rejects an unknown Prefer mode with a 422 problem', async () => {
  const res = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', 'mode=sync').send({ model: 'jimeng', prompt: 'x' });
  expect(res.status).toBe(422);
  expect(res.body.detail).toMatch(/mode=task or mode=openai/);
});
