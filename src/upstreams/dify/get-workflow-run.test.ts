import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './get-workflow-run.js';
import { createDifyTestServer, drive, expectContract, waitFor } from './test-helpers/dify-test-server.js';

const BLOCKING = { inputs: { prompt: '一个胸有成竹的男人', model_name: 'ghostmix_v20Bakedvae' }, response_mode: 'blocking', user: 'alg123' };

describe('getWorkflowRun', () => {
  it('reads a finished run with the same status, counts and times as the blocking answer and freshly signed files', async () => {
    const server = await createDifyTestServer({ latency: 'fast' });
    const run = await drive(server.clock, request(server.app).post('/v1/workflows/run').set(server.auth).send(BLOCKING).then((r) => r), 100);
    await server.clock.advance(5_000);
    const detail = await drive(server.clock, request(server.app).get(`/v1/workflows/run/${run.body.workflow_run_id}`).set(server.auth).then((r) => r), 10);
    expectContract(server.context, 'getWorkflowRun', { status: detail.status, contentType: detail.headers['content-type'], body: detail.body });
    const { outputs, ...data } = run.body.data;
    expect(detail.body).toMatchObject(data);
    expect(JSON.parse(detail.body.inputs)).toEqual({ ...BLOCKING.inputs, 'sys.files': [], 'sys.user_id': BLOCKING.user });
    expect(detail.body.inputs).toContain('"sys.user_id": "alg123"');
    expect(detail.body.outputs.files[0].related_id).toBe(outputs.files[0].related_id);
    expect(detail.body.outputs.files[0].url).not.toBe(outputs.files[0].url);
  });

  it('reads a run that is still running with finished_at null and empty outputs', async () => {
    const server = await createDifyTestServer();
    const pending = request(server.app).post('/v1/workflows/run').set(server.auth).send(BLOCKING).then((r) => r);
    const record = await waitFor(async () => (await server.state.runs.values())[0]);
    const detail = await request(server.app).get(`/v1/workflows/run/${record?.id}`).set(server.auth).set('Prefer', 'latency=0');
    expectContract(server.context, 'getWorkflowRun', { status: detail.status, contentType: detail.headers['content-type'], body: detail.body });
    expect(detail.body).toMatchObject({ status: 'running', finished_at: null, outputs: {} });
    await drive(server.clock, pending);
  });

  it('answers an unknown run id with 404 workflow_run_not_found', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).get('/v1/workflows/run/00c81e90-5f5c-4606-8c10-de9195f5d159').set(server.auth);
    expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: server.context.contract.errors.render('workflow_run_not_found').body });
    expectContract(server.context, 'getWorkflowRun', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });

  it('serialises files in the dify_model_identity shape under scenario file_shape_dify_model_identity', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const run = await request(server.app).post('/v1/workflows/run').set(server.auth).send(BLOCKING);
    const detail = await request(server.app).get(`/v1/workflows/run/${run.body.workflow_run_id}`).set(server.auth).set('Prefer', 'scenario=file_shape_dify_model_identity');
    expectContract(server.context, 'getWorkflowRun', { status: detail.status, contentType: detail.headers['content-type'], body: detail.body });
    expect(run.body.data.outputs.files[0].__variant).toBe('FileVar');
    expect(detail.body.outputs.files[0].dify_model_identity).toBe('__dify__file__');
  });

  it.each([
    { value: { 'sys.files': [], 'sys.user_id': 'abc-123' }, text: '{"sys.files": [], "sys.user_id": "abc-123"}' },
    { value: { prompt: '一个', n: 1, ok: true, none: null }, text: '{"prompt": "\\u4e00\\u4e2a", "n": 1, "ok": true, "none": null}' },
  ])('writes inputs the way Python json.dumps does: $text', ({ value, text }) => {
    expect(pythonJsonDumps(value)).toBe(text);
  });
});
