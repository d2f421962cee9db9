import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createImageRenderer, renderPlaceholder } from '../../imaging/index.js';
import { loadMocks } from '../../mocks/index.js';
import { createMockServer } from '../../app/create-mock-servers.js';
import { createDifyTestServer, drive, expectContract, realDelay, waitFor } from './test-helpers/dify-test-server.js';

const BLOCKING = { inputs: { prompt: 'a ship in a storm' }, response_mode: 'blocking', user: 'edge-user' };

describe('Cloudflare edge', () => {
  it('cuts a blocking run that has sent nothing for 100 simulated seconds with the 524 page while the run goes on', async () => {
    const server = await createDifyTestServer({ edge: true });
    const { cutAfterMs, colo } = server.state.mocks.cloudflare;
    let settled = false;
    const pending = request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', 'scenario=long_run').send(BLOCKING).then((r) => {
      settled = true;
      return r;
    });
    await waitFor(async () => (await server.state.runs.values())[0]);
    await server.clock.advance(cutAfterMs - 1_000);
    await realDelay(50);
    expect(settled).toBe(false);
    const res = await drive(server.clock, pending, 500);

    expect(res.status).toBe(524);
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.text });
    const host = String(res.request.url ? new URL(res.request.url).host : '');
    expect(res.text).toContain(`<title>${host} | 524: A timeout occurred</title>`);
    expect(res.headers['cf-ray']).toMatch(new RegExp(`^[0-9a-f]{16}-${colo}$`));
    expect(res.text).toContain(res.headers['cf-ray']);
    expect(res.headers.server).toBe('cloudflare');

    const [running] = await server.state.runs.values();
    expect(running?.status).toBe('running');
    const finished = await drive(server.clock, (async () => {
      let record = running;
      while (record?.status === 'running') {
        await realDelay(2);
        record = await server.state.runs.get(running!.id);
      }
      return record;
    })());
    expect(finished?.status).toBe('succeeded');
    const detail = await request(server.app).get(`/v1/workflows/run/${finished?.id}`).set(server.auth).set('Prefer', 'latency=0');
    expectContract(server.context, 'getWorkflowRun', { status: detail.status, contentType: detail.headers['content-type'], body: detail.body });
    expect(detail.body).toMatchObject({ status: 'succeeded', id: finished?.id });
    expect(detail.body.elapsed_time).toBeGreaterThan(cutAfterMs / 1000);
  });

  it.each([
    { name: 'Prefer: edge=off', prefer: 'scenario=long_run, edge=off', enabled: true, status: 200 },
    { name: 'cloudflare.enabled false', prefer: 'scenario=long_run', enabled: false, status: 200 },
    { name: 'Prefer: edge=on over cloudflare.enabled false', prefer: 'scenario=long_run, edge=on', enabled: false, status: 524 },
  ])('answers a 150 s blocking run with $status under $name', async ({ prefer, enabled, status }) => {
    const server = await createDifyTestServer({
      edge: true,
      editMocks: (mocks) => {
        (mocks.cloudflare as { enabled: boolean }).enabled = enabled;
      },
    });
    const res = await drive(server.clock, request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', prefer).send(BLOCKING).then((r) => r), 2_000);
    expect(res.status).toBe(status);
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: status === 200 ? res.body : res.text });
  });

  it.each([
    { scenario: 'gateway_502', status: 502, title: '502: Bad gateway' },
    { scenario: 'gateway_504', status: 504, title: '504: Gateway time-out' },
    { scenario: 'long_run_cloudflare_524', status: 524, title: '524: A timeout occurred' },
  ])('answers scenario $scenario with Cloudflare\'s $status page', async ({ scenario, status, title }) => {
    const server = await createDifyTestServer({ edge: true });
    const res = await drive(
      server.clock,
      request(server.app).post('/v1/workflows/run').set(server.auth).set('Prefer', `scenario=${scenario}, edge=off`).send(BLOCKING).then((r) => r),
      5_000,
    );
    expect(res.status).toBe(status);
    expect(res.text).toContain(`| ${title}</title>`);
    expect(res.headers['cf-ray']).toBeDefined();
    expectContract(server.context, 'runWorkflow', { status: res.status, contentType: res.headers['content-type'], body: res.text });
  });

  it('names the host a fetch Request was addressed to in its page, though such a Request carries no Host header', async () => {
    const server = await createDifyTestServer({ edge: true });
    const res = await server.fetch(
      new Request('http://dify.example:8080/v1/workflows/run', {
        method: 'POST',
        headers: { ...server.auth, 'Content-Type': 'application/json', Prefer: 'scenario=gateway_502' },
        body: JSON.stringify(BLOCKING),
      }),
    );
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('<title>dify.example:8080 | 502: Bad gateway</title>');
  });
});

describe('Cloudflare edge and real work', () => {
  it('does not count the real time an image takes to render as simulated time', async () => {
    const timeScale = 10_000;
    const { cutAfterMs } = (await loadMocks('dify')).cloudflare as { cutAfterMs: number };
    // Each render takes several times the clock time of the whole 100 simulated seconds.
    const slowRenderMs = (cutAfterMs / timeScale) * 5;
    const renderer = createImageRenderer({ renderFn: async (spec) => (await new Promise((resolve) => setTimeout(resolve, slowRenderMs)), renderPlaceholder(spec)) });
    const server = await createMockServer('dify', { latency: 'realistic', timeScale, seed: 3, renderer });
    const res = await request(server.app)
      .post('/v1/workflows/run')
      .set({ Authorization: `Bearer ${server.demo.apiKey}`, Prefer: 'latency=0' })
      .send({ ...BLOCKING, inputs: { prompt: 'rendered slowly, answered at once' } });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('succeeded');
  });
});
