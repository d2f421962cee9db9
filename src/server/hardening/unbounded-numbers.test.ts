/**
 * Every number a client gives the running server has a range: outside it the answer is a 4xx
 * naming the range, and nothing afterwards (timers, gateway pages, the clock) breaks.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { createManualClock } from '../../sim/clock.js';
import { MAX_CLOCK_ADVANCE_MS } from '../admin-api.js';
import { createMockServer } from '../../app/create-mock-servers.js';
import { MAX_PREFER_LATENCY_MS } from '../../core/index.js';

const contracts = await loadContracts();
const renderer = createImageRenderer();

async function difyServer() {
  return createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 2, contracts, renderer });
}

describe('numbers a client gives the server', () => {
  it.each([1e300, MAX_CLOCK_ADVANCE_MS + 1, -1, '5'])('refuses to advance the clock by %s and keeps the time it had', async (advanceMs) => {
    const server = await difyServer();
    const before = server.context.sim.clock.now();
    const answer = await request(server.app).post('/__pixmock/clock').send({ advanceMs });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain(String(MAX_CLOCK_ADVANCE_MS));
    expect(server.context.sim.clock.now()).toBe(before);
  });

  it('advances the clock by the largest amount it documents, and the gateway pages still render', async () => {
    const server = await difyServer();
    const answer = await request(server.app).post('/__pixmock/clock').send({ advanceMs: MAX_CLOCK_ADVANCE_MS });
    expect(answer.status).toBe(200);
    const page = await request(server.app)
      .post('/v1/workflows/run')
      .set({ Authorization: `Bearer ${server.demo.apiKey}`, Prefer: 'scenario=gateway_502' })
      .send({ inputs: { prompt: 'a cat' }, response_mode: 'blocking', user: 'u' });
    expect(page.status).toBe(502);
    expect(page.text).toContain('502: Bad gateway');
  });

  it('refuses a Prefer latency beyond one simulated day with a 422 before any timer is set', async () => {
    const server = await difyServer();
    const answer = await request(server.app)
      .get('/v1/parameters')
      .set({ Authorization: `Bearer ${server.demo.apiKey}`, Prefer: `latency=${2 ** 31}` });
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toContain(String(MAX_PREFER_LATENCY_MS));
    expect(server.context.sim.clock.pendingTimers()).toBe(0);
  });
});
