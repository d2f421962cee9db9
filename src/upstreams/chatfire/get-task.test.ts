import request from 'supertest';
import { beforeEach, expect, it, vi } from 'vitest';
import { createChatfireTestServer, expectDocumented, untilWaiting, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

function get(path: string) {
  return request(server.app).get(path).set('Authorization', server.auth).set('Prefer', 'latency=0').set('Host', 'chatfire.test');
}

it.each([0, 3_000, 120_000])('answers the same task object as getImageGeneration %i ms after creation', async (afterMs) => {
  const created = await request(server.app)
    .post('/v1/images/generations')
    .set('Authorization', server.auth)
    .set('Prefer', 'latency=0')
    .send({ model: 'seedream-3.0', prompt: 'x', n: 2, response_format: 'b64_json' });
  await server.clock.advance(afterMs);
  const generic = await get(`/v1/tasks/${created.body.task_id}`);
  const images = await get(`/v1/images/generations/${created.body.task_id}`);
  expectDocumented(server, 'getTask', generic);
  expect(generic.status).toBe(200);
  expect(generic.body).toEqual(images.body);
});

it('answers 404 task_not_found for an unknown task', async () => {
  const res = await get('/v1/tasks/img_unknown');
  expectDocumented(server, 'getTask', res);
  expect(res.status).toBe(404);
  expect(res.body).toEqual(server.context.contract.errors.render('task_not_found').body);
});

it('takes the poll latency from latency.yaml', async () => {
  const created = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', 'latency=0').send({ model: 'jimeng', prompt: 'x' });
  let answered = false;
  void request(server.app).get(`/v1/tasks/${created.body.task_id}`).set('Authorization', server.auth).then(() => (answered = true));
  await untilWaiting(server.clock);
  await server.clock.advance(29);
  expect(server.clock.pendingTimers()).toBe(1);
  expect(answered).toBe(false);
  await server.clock.advance(250 - 29);
  await vi.waitFor(() => expect(answered).toBe(true));
});
