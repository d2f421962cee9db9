import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createDifyTestServer, drive, expectContract, waitFor } from './test-helpers/dify-test-server.js';

const BLOCKING = { inputs: { prompt: 'a red bicycle' }, response_mode: 'blocking', user: 'owner' };

describe('stopWorkflowTask', () => {
  it.each([
    { name: 'the owner stops it', user: 'owner', status: 'stopped' },
    { name: 'another user asks', user: 'someone-else', status: 'succeeded' },
  ])('answers {"result":"success"} and the run ends $status when $name', async ({ user, status }) => {
    const server = await createDifyTestServer();
    const pending = request(server.app).post('/v1/workflows/run').set(server.auth).send(BLOCKING).then((r) => r);
    const run = await waitFor(() => [...server.state.liveRuns.values()][0]);
    await server.clock.advance(3_000);
    const stop = await request(server.app).post(`/v1/workflows/tasks/${run?.record.taskId}/stop`).set(server.auth).set('Prefer', 'latency=0').send({ user });
    expectContract(server.context, 'stopWorkflowTask', { status: stop.status, contentType: stop.headers['content-type'], body: stop.body });
    expect(stop.body).toEqual({ result: 'success' });
    const res = await drive(server.clock, pending);
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    expect(res.body.data.status).toBe(status);
  });

  it('answers {"result":"success"} for a task it does not know', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).post('/v1/workflows/tasks/40a1cce0-f8d1-4fa9-8d03-857ed804fe2a/stop').set(server.auth).send({ user: 'u' });
    expectContract(server.context, 'stopWorkflowTask', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    expect(res.body).toEqual({ result: 'success' });
  });

  it.each([
    { name: 'no user', body: {}, error: 'invalid_param' },
    { name: 'an empty user', body: { user: '' }, error: 'invalid_param' },
  ])('answers $name with $error', async ({ body, error }) => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).post('/v1/workflows/tasks/abc/stop').set(server.auth).send(body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: server.context.contract.errors.render(error).body });
    expectContract(server.context, 'stopWorkflowTask', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });
});
