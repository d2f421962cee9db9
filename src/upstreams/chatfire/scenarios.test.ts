import request from 'supertest';
import { beforeEach, expect, it, vi } from 'vitest';
import { loadMocks } from '../../mocks/index.js';
import { createChatfireTestServer, expectDocumented, untilWaiting, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

const { scenarios } = await loadMocks('chatfire');
const errorScenarios = Object.entries(scenarios).filter(([, scenario]) => scenario.error);
let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

function create(prefer: string, body: Record<string, unknown> = { model: 'jimeng', prompt: 'x' }) {
  return request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', prefer).send(body);
}

function callOperation(operationId: string, prefer: string) {
  switch (operationId) {
    case 'createImageGeneration':
      return create(prefer);
    case 'getImageGeneration':
      return request(server.app).get('/v1/images/generations/img_x').set('Authorization', server.auth).set('Prefer', prefer);
    case 'getTask':
      return request(server.app).get('/v1/tasks/img_x').set('Authorization', server.auth).set('Prefer', prefer);
    default:
      return request(server.app).get('/v1/files/images/img_x-0.png').set('Prefer', prefer);
  }
}

async function pollAfter(taskId: string, advanceMs: number) {
  await server.clock.advance(advanceMs);
  const res = await request(server.app).get(`/v1/tasks/${taskId}`).set('Authorization', server.auth).set('Prefer', 'latency=0');
  expectDocumented(server, 'getTask', res);
  return res.body;
}

it.each(errorScenarios)('scenario %s answers its catalogue error through Prefer', async (name, scenario) => {
  const operationId = scenario.operations?.[0] ?? 'createImageGeneration';
  const res = await callOperation(operationId, `scenario=${name}, latency=0`);
  expectDocumented(server, operationId, res);
  const expected = server.context.contract.errors.render(scenario.error ?? '', scenario.params);
  expect(res.status).toBe(expected.status);
  expect(res.body).toEqual(expected.body);
  expect(JSON.stringify(res.body)).not.toMatch(/\{\w+\}/);
});

it('applies a scenario set through the admin API to every request until cleared', async () => {
  await request(server.app).put('/__pixmock/scenario').send({ name: 'upstream_unavailable' }).expect(200);
  expect((await create('latency=0')).status).toBe(503);
  expect((await create('latency=0')).status).toBe(503);
  expect((await create('scenario=invalid_n, latency=0')).status).toBe(400);
  await request(server.app).put('/__pixmock/scenario').send({ name: null }).expect(200);
  expect((await create('latency=0')).status).toBe(200);
});

it.each([
  // seedream-3.0: pending 300-1500 ms, processing 4000-12000 ms
  ['task_failed_content_policy_violation', 'content_policy_violation', 'processing', 1_600],
  ['task_failed_generation_timeout', 'generation_timeout', 'processing', 1_600],
  ['task_failed_upstream_error', 'upstream_error', 'processing', 1_600],
  ['task_failed_reference_image_unreachable', 'reference_image_unreachable', 'pending', 250],
])('scenario %s ends the task failed with error %s after %s', async (name, code, lastState, atMs) => {
  const created = await create(`scenario=${name}, latency=0`, { model: 'seedream-3.0', prompt: 'x' });
  expect(created.body.status).toBe('pending');
  expect((await pollAfter(created.body.task_id, atMs)).status).toBe(lastState);
  const failed = await pollAfter(created.body.task_id, 60_000);
  expect(failed).toMatchObject({ status: 'failed', error: { code, message: expect.any(String) } });
  expect(failed.images).toBeUndefined();
});

it('scenario task_stuck_processing keeps the task processing for ever', async () => {
  const created = await create('scenario=task_stuck_processing, latency=0');
  expect((await pollAfter(created.body.task_id, 24 * 3_600_000)).status).toBe('processing');
});

it('scenario task_completes_instantly answers the task already completed, images included', async () => {
  const res = await create('scenario=task_completes_instantly, latency=0', { model: 'keling', prompt: 'x', n: 2 });
  expectDocumented(server, 'createImageGeneration', res);
  expect(res.body.status).toBe('completed');
  expect(res.body.images).toHaveLength(2);
});

it('scenario connection_reset destroys the socket mid-response', async () => {
  await expect(create('scenario=connection_reset, latency=0')).rejects.toThrow(/socket hang up|ECONNRESET|aborted/);
});

it.each([
  ['gateway_502', 502],
  ['gateway_504', 504],
])('scenario %s answers the gateway HTML page', async (name, status) => {
  const res = await create(`scenario=${name}`);
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toContain(`${status}`);
});

it('scenario slow_poll adds 30 simulated seconds to each poll', async () => {
  const created = await create('latency=0');
  let status: number | undefined;
  void request(server.app)
    .get(`/v1/images/generations/${created.body.task_id}`)
    .set('Authorization', server.auth)
    .set('Prefer', 'scenario=slow_poll, latency=0')
    .then((res) => (status = res.status));
  await untilWaiting(server.clock);
  await server.clock.advance(29_999);
  expect(server.clock.pendingTimers()).toBe(1);
  expect(status).toBeUndefined();
  await server.clock.advance(1);
  await vi.waitFor(() => expect(status).toBe(200));
});

it('rejects an unknown scenario with a 422 problem', async () => {
  const res = await create('scenario=no_such_thing');
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
});
