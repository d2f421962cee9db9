import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createDifyTestServer, expectContract } from './test-helpers/dify-test-server.js';

describe('getParameters and getInfo', () => {
  it('describes the input form: prompt as required text and model_name as a select over the checkpoints', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).get('/v1/parameters').query({ user: 'u' }).set(server.auth);
    expectContract(server.context, 'getParameters', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    const { app, checkpoints, uploads } = server.state.mocks;
    expect(res.body.user_input_form).toEqual([
      { 'text-input': { label: 'prompt', variable: 'prompt', type: 'text-input', required: true, max_length: app.inputs.prompt.maxLength, default: '', options: [] } },
      { select: { label: 'model_name', variable: 'model_name', type: 'select', required: false, default: checkpoints.default, options: Object.keys(checkpoints.models) } },
    ]);
    expect(res.body.system_parameters.image_file_size_limit).toBe(uploads.imageFileSizeLimitMb);
  });

  it('describes the app', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).get('/v1/info').set(server.auth);
    expectContract(server.context, 'getInfo', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    const { app } = server.state.mocks;
    expect(res.body).toEqual({ name: app.name, description: app.description, tags: app.tags, mode: app.mode, author_name: app.authorName });
  });

  it.each([
    { path: '/v1/parameters', operationId: 'getParameters', scenario: 'app_unavailable' },
    { path: '/v1/info', operationId: 'getInfo', scenario: 'app_not_found' },
    { path: '/v1/info', operationId: 'getInfo', scenario: 'internal_error' },
  ])('answers $path under scenario $scenario with its catalogue entry', async ({ path, operationId, scenario }) => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).get(path).set(server.auth).set('Prefer', `scenario=${scenario}`);
    const expected = server.context.contract.errors.render(server.context.mocks.scenarios[scenario]?.error ?? '');
    expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
    expectContract(server.context, operationId, { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });
});
