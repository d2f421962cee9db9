import request from 'supertest';
import { beforeEach, expect, it } from 'vitest';
import { createChatfireTestServer, expectDocumented, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

const BODY = { model: 'jimeng', prompt: 'x' };
let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

function create(authorization?: string) {
  const req = request(server.app).post('/v1/images/generations').set('Prefer', 'latency=0');
  return (authorization === undefined ? req : req.set('Authorization', authorization)).send(BODY);
}

it.each([
  ['no Authorization header', undefined, 'unauthorized_missing_token'],
  ['"Bearer" with no token', 'Bearer ', 'unauthorized_missing_token'],
  ['an unknown token', 'Bearer sk-nobody', 'unauthorized_invalid_token'],
  ['another scheme', 'Basic c2stcGl4bW9jay1kZW1vOg==', 'unauthorized_invalid_token'],
  ['a revoked key', 'Bearer sk-pixmock-revoked', 'unauthorized_token_disabled'],
  ['an expired key', 'Bearer sk-pixmock-expired', 'unauthorized_token_expired'],
  ['an exhausted key', 'Bearer sk-pixmock-exhausted', 'unauthorized_quota_exhausted'],
])('answers 401 for %s', async (_case, authorization, errorId) => {
  const res = await create(authorization);
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.status).toBe(401);
  expect(res.body).toEqual(server.context.contract.errors.render(errorId).body);
});

it.each([['getImageGeneration', '/v1/images/generations/img_x'], ['getTask', '/v1/tasks/img_x']])('requires a token on %s', async (operationId, path) => {
  const res = await request(server.app).get(path).set('Prefer', 'latency=0');
  expectDocumented(server, operationId, res);
  expect(res.status).toBe(401);
});

it('answers 429 once a key has used its rpm in the window, counting polls too, until the window slides', async () => {
  const key = 'Bearer sk-pixmock-ratelimited'; // rpm 2 in keys.yaml
  expect((await create(key)).status).toBe(200);
  await server.clock.advance(10_000);
  expect((await request(server.app).get('/v1/tasks/img_x').set('Authorization', key).set('Prefer', 'latency=0')).status).toBe(404);
  const limited = await create(key);
  expectDocumented(server, 'createImageGeneration', limited);
  expect(limited.status).toBe(429);
  expect(limited.body).toEqual(server.context.contract.errors.render('rate_limited', { rpm: 2 }).body);
  expect((await create(server.auth)).status).toBe(200);
  await server.clock.advance(50_000);
  expect((await create(key)).status).toBe(200);
  expect((await create(key)).status).toBe(429);
});

it('measures the rate window in simulated time', async () => {
  server = await createChatfireTestServer({ timeScale: 1_000 });
  const key = 'Bearer sk-pixmock-ratelimited';
  await create(key);
  await create(key);
  expect((await create(key)).status).toBe(429);
  await server.clock.advance(60_000 / 1_000);
  expect((await create(key)).status).toBe(200);
});
