import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { readPlaceholderInfo, readPngSize } from '../../imaging/index.js';
import { createDifyTestServer, drive, waitFor, expectContract, START_MS } from './test-helpers/dify-test-server.js';

const SEED_REQUEST = { inputs: { prompt: '一个胸有成竹的男人', model_name: 'chilloutmix_NiPrunedFp32Fix' }, response_mode: 'blocking', user: 'alg123' };


describe('runWorkflow blocking', () => {
  it('answers the seed request with the documented object after the simulated run time', async () => {
    const server = await createDifyTestServer({ latency: 'realistic' });
    const res = await drive(server.clock, request(server.app).post('/v1/workflows/run').set(server.auth).send(SEED_REQUEST).then((r) => r));
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    const { data } = res.body;
    expect(data.status).toBe('succeeded');
    expect(data.id).toBe(res.body.workflow_run_id);
    expect(data.total_steps).toBe(server.state.mocks.graph.nodes.length);
    expect(data.total_tokens).toBeGreaterThan(0);
    expect(data.created_at - Math.floor(START_MS / 1000)).toBeLessThanOrEqual(2);
    const bounds = server.context.sim.latency.bounds('runWorkflow');
    expect(data.elapsed_time * 1000).toBeGreaterThanOrEqual((bounds?.minMs ?? 0) * 0.9);
    expect(data.elapsed_time * 1000).toBeLessThanOrEqual((bounds?.maxMs ?? 0) * 1.2);
    expect(data.finished_at - data.created_at).toBeCloseTo(data.elapsed_time, -1);
    expect(data.outputs.files).toHaveLength(1);
    expect(data.outputs.files[0]).toMatchObject({ __variant: 'FileVar', tenant_id: server.state.mocks.app.tenantId, filename: 'image' });
  });

  it.each(['chilloutmix_NiPrunedFp32Fix', 'dosmix_', 'ghostmix_v20Bakedvae', 'rundiffusionFX_v10', 'v1-5-pruned-emaonly', undefined])(
    'renders the image of checkpoint %s at its native size and serves it from the signed url',
    async (modelName) => {
      const server = await createDifyTestServer({ latency: 'instant' });
      const mocks = server.state.mocks;
      const inputs = modelName ? { prompt: 'a cat on a windowsill', model_name: modelName } : { prompt: 'a cat on a windowsill' };
      const run = await request(server.app).post('/v1/workflows/run').set(server.auth).send({ inputs, response_mode: 'blocking', user: 'u1' });
      expect(run.status).toBe(200);
      const url: string = run.body.data.outputs.files[0].url;
      const file = await request(server.app).get(url).responseType('blob');
      expectContract(server.context, 'getToolFile', { status: file.status, contentType: file.headers['content-type'], body: (file.body as Buffer).toString('latin1') });
      const checkpoint = mocks.checkpoints.models[modelName ?? mocks.checkpoints.default];
      expect(readPngSize(file.body as Buffer)).toEqual({ width: checkpoint?.nativeWidth, height: checkpoint?.nativeHeight });
      expect(readPlaceholderInfo(file.body as Buffer)).toMatchObject({ upstream: 'dify', prompt: 'a cat on a windowsill', inputs: { model_name: modelName ?? mocks.checkpoints.default } });
    },
  );

  it.each([
    { name: 'no user', body: { inputs: { prompt: 'x' }, response_mode: 'blocking' }, error: 'invalid_param', values: {} },
    { name: 'an empty user', body: { inputs: { prompt: 'x' }, response_mode: 'blocking', user: '' }, error: 'invalid_param', values: {} },
    { name: 'no user and no inputs', body: { response_mode: 'blocking' }, error: 'invalid_param', values: {} },
    { name: 'no inputs', body: { response_mode: 'blocking', user: 'u' }, error: 'invalid_param_missing_argument', values: { field: 'inputs' } },
    { name: 'no response_mode', body: { inputs: { prompt: 'x' }, user: 'u' }, error: 'invalid_param_missing_argument', values: { field: 'response_mode' } },
    { name: 'an unknown response_mode', body: { inputs: { prompt: 'x' }, response_mode: 'stream', user: 'u' }, error: 'invalid_param_choice', values: { field: 'response_mode', value: 'stream' } },
    { name: 'no prompt', body: { inputs: {}, response_mode: 'blocking', user: 'u' }, error: 'invalid_param_input_required', values: { variable: 'prompt' } },
    { name: 'an empty prompt', body: { inputs: { prompt: '' }, response_mode: 'blocking', user: 'u' }, error: 'invalid_param_input_required', values: { variable: 'prompt' } },
    { name: 'a numeric prompt', body: { inputs: { prompt: 5 }, response_mode: 'blocking', user: 'u' }, error: 'invalid_param_input_not_string', values: { variable: 'prompt' } },
    { name: 'a numeric model_name', body: { inputs: { prompt: 'x', model_name: 7 }, response_mode: 'blocking', user: 'u' }, error: 'invalid_param_input_not_string', values: { variable: 'model_name' } },
    {
      name: 'an unknown model_name',
      body: { inputs: { prompt: 'x', model_name: 'sdxl' }, response_mode: 'blocking', user: 'u' },
      error: 'invalid_param_input_option',
      values: { variable: 'model_name', options: "['chilloutmix_NiPrunedFp32Fix', 'dosmix_', 'ghostmix_v20Bakedvae', 'rundiffusionFX_v10', 'v1-5-pruned-emaonly']" },
    },
    { name: 'a prompt over the max length', body: { inputs: { prompt: 'p'.repeat(257) }, response_mode: 'blocking', user: 'u' }, error: 'invalid_param_input_too_long', values: { variable: 'prompt', max_length: 256 } },
    { name: 'files that are not a list', body: { inputs: { prompt: 'x' }, response_mode: 'blocking', user: 'u', files: 'a.png' }, error: 'invalid_request', values: { field: 'files', reason: 'must be array' } },
  ])('answers a body with $name with Dify\'s $error', async ({ body, error, values }) => {
    const server = await createDifyTestServer();
    const res = await request(server.app).post('/v1/workflows/run').set(server.auth).send(body);
    const expected = server.context.contract.errors.render(error, values as Record<string, string | number>);
    expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });

  it('uses Dify\'s exact texts for the user and input-form checks', async () => {
    const server = await createDifyTestServer();
    const noUser = await request(server.app).post('/v1/workflows/run').set(server.auth).send({ inputs: { prompt: 'x' }, response_mode: 'blocking' });
    const noPrompt = await request(server.app).post('/v1/workflows/run').set(server.auth).send({ inputs: {}, response_mode: 'blocking', user: 'u' });
    expect(noUser.body).toEqual({ code: 'invalid_param', message: 'Arg user must be provided.', status: 400 });
    expect(noPrompt.body).toEqual({ code: 'invalid_param', message: 'prompt is required in input form', status: 400 });
  });

  it.each([
    { name: 'a body that is not JSON', contentType: 'application/json', body: '{"inputs":', error: 'invalid_json' },
    { name: 'a text/plain body', contentType: 'text/plain', body: 'hello', error: 'unsupported_media_type' },
  ])('answers $name with $error', async ({ contentType, body, error }) => {
    const server = await createDifyTestServer();
    const res = await request(server.app).post('/v1/workflows/run').set(server.auth).set('Content-Type', contentType).send(body);
    const expected = server.context.contract.errors.render(error);
    expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });

  it.each([
    { name: 'no Authorization header', headers: {}, error: 'unauthorized_missing_header' },
    { name: 'a Basic scheme', headers: { Authorization: 'Basic app-pixmock-demo-Kx7Qm2Xv9LcT' }, error: 'unauthorized_bad_scheme' },
    { name: 'an unknown key', headers: { Authorization: 'Bearer app-not-a-real-key' }, error: 'unauthorized_invalid_token' },
    { name: 'a revoked key', headers: { Authorization: 'Bearer app-pixmock-revoked-3Jd8Pq0WzR' }, error: 'unauthorized_invalid_token' },
    { name: 'the key of an app whose API is off', headers: { Authorization: 'Bearer app-pixmock-apioff-7Hn2Bv5CxQ' }, error: 'app_api_disabled' },
  ])('answers $name with $error', async ({ headers, error }) => {
    const server = await createDifyTestServer();
    const res = await request(server.app).post('/v1/workflows/run').set(headers).send(SEED_REQUEST);
    const expected = server.context.contract.errors.render(error);
    expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
    if (expected.status === 401) expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });

  it('answers every error scenario of runWorkflow with its catalogue entry', async () => {
    const server = await createDifyTestServer();
    const scenarios = Object.entries(server.context.mocks.scenarios).filter(
      ([, scenario]) => scenario.error && (!scenario.operations || scenario.operations.includes('runWorkflow')),
    );
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
    for (const [name, scenario] of scenarios) {
      const res = await request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', `scenario=${name}`).send(SEED_REQUEST);
      const expected = server.context.contract.errors.render(scenario.error ?? '', scenario.params);
      expect({ name, status: res.status, body: res.body }).toEqual({ name, status: expected.status, body: expected.body });
      expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    }
  });

  it('answers 429 too_many_requests while the app runs its maximum of concurrent runs', async () => {
    const server = await createDifyTestServer();
    const { maxActiveRequests, appId } = server.state.mocks.app;
    const held = Array.from({ length: maxActiveRequests }, () =>
      request(server.app).post('/v1/workflows/run').set(server.auth).send(SEED_REQUEST).then((r) => r),
    );
    await drive(server.clock, new Promise((resolve) => setTimeout(resolve, 100)), 0);
    const refused = await request(server.app).post('/v1/workflows/run').set(server.auth).send(SEED_REQUEST);
    const expected = server.context.contract.errors.render('too_many_requests', { app_id: appId, max_active_requests: maxActiveRequests });
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 429, body: expected.body });
    expectContract(server.context, 'runWorkflow', { status: refused.status, contentType: refused.headers['content-type'], body: refused.body });
    const finished = await drive(server.clock, Promise.all(held));
    expect(finished.map((r) => r.status)).toEqual(Array(maxActiveRequests).fill(200));
  });

  it('frees the slots of runs still going after activeRequestMaxAliveMs, as Dify recounts them', async () => {
    const server = await createDifyTestServer();
    const { maxActiveRequests, activeRequestMaxAliveMs } = server.state.mocks.app;
    const dayMs = 24 * 60 * 60 * 1000;
    const held = Array.from({ length: maxActiveRequests }, () =>
      request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', `latency=${dayMs}`).send(SEED_REQUEST).then((r) => r),
    );
    await waitFor(async () => ((await server.context.state.sizes())['dify.activeRuns'] ?? 0) >= maxActiveRequests || undefined);
    const quick = () => request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', 'latency=0').send(SEED_REQUEST);
    await server.clock.advance(activeRequestMaxAliveMs - 1_000);
    expect((await quick()).status).toBe(429);
    // Dify frees a slot once it is older than the limit, not when it is exactly that old.
    await server.clock.advance(1_001);
    expect((await drive(server.clock, quick().then((r) => r))).status).toBe(200);
    expect((await drive(server.clock, Promise.all(held), dayMs)).map((r) => r.status)).toEqual(Array(maxActiveRequests).fill(200));
  });

  it.each([
    { scenario: 'node_failed', status: 'failed', outputs: null, steps: 4 },
    { scenario: 'tool_text_failure', status: 'succeeded', outputs: { files: [] }, steps: 5 },
  ])('answers 200 with data.status $status under scenario $scenario', async ({ scenario, status, outputs, steps }) => {
    const server = await createDifyTestServer({ latency: 'fast' });
    const res = await drive(server.clock, request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', `scenario=${scenario}`).send(SEED_REQUEST).then((r) => r), 50);
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    const { failures } = server.state.mocks.graph;
    expect(res.body.data).toMatchObject({ status, outputs, total_steps: steps, error: status === 'failed' ? failures.nodeFailed.error : null });
  });

  it('answers a blocking request whose run dies mid-way with 500 internal_server_error', async () => {
    const server = await createDifyTestServer({ latency: 'fast' });
    const res = await drive(server.clock, request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', 'scenario=stream_internal_error').send(SEED_REQUEST).then((r) => r), 50);
    expect({ status: res.status, body: res.body }).toEqual({ status: 500, body: server.context.contract.errors.render('internal_server_error').body });
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });

  it('uses the dify_model_identity file shape under scenario file_shape_dify_model_identity', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', 'scenario=file_shape_dify_model_identity').send(SEED_REQUEST);
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    const [file] = res.body.data.outputs.files;
    expect(file).toMatchObject({ dify_model_identity: '__dify__file__', id: null, remote_url: null });
    const png = await request(server.app).get(file.url).responseType('blob');
    expect(file.size).toBe((png.body as Buffer).length);
  });

  it.each([
    { method: 'get', path: '/v1/workflows/run', error: 'method_not_allowed' },
    { method: 'delete', path: '/v1/info', error: 'method_not_allowed' },
    { method: 'get', path: '/v1/chat-messages', error: 'route_not_found' },
  ] as const)('answers $method $path with $error', async ({ method, path, error }) => {
    const server = await createDifyTestServer();
    const res = await request(server.app)[method](path).set(server.auth);
    const expected = server.context.contract.errors.render(error);
    expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
  });
});
