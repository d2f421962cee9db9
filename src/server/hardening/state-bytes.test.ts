/**
 * Every state store is bounded in bytes as well as entries: requests with the largest fields a
 * body may carry fill a store up to its byte bound and no further, health shows the bytes, and
 * reset gives them back.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../auth/index.js';
import { loadContracts } from '../../contracts/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { createManualClock } from '../../sim/clock.js';
import type { UpstreamId } from '../../app/create-mock-servers.js';
import { createMockServer, type MockServer } from '../../app/create-mock-servers.js';
import { STATE_BYTES_PER_BODY_BYTE } from '../create-upstream-app.js';

const STATE_BYTES = 2 * 1024 * 1024;
const LARGE_FIELD = 'x'.repeat(200_000);
const contracts = await loadContracts();
const renderer = createImageRenderer();

function start(id: UpstreamId): Promise<MockServer> {
  return createMockServer(id, { clock: createManualClock(), latency: 'instant', seed: 4, contracts, renderer, limits: { stateBytes: STATE_BYTES, bodyBytes: STATE_BYTES / STATE_BYTES_PER_BODY_BYTE } });
}

async function health(server: MockServer) {
  return (await request(server.app).get('/__pixmock/health')).body as { state: Record<string, number>; stateBytes: Record<string, number>; limits: { stateBytes: number } };
}

async function expectBounded(server: MockServer, store: string, sent: number) {
  const body = await health(server);
  expect(body.limits.stateBytes).toBe(STATE_BYTES);
  for (const bytes of Object.values(body.stateBytes)) expect(bytes).toBeLessThanOrEqual(STATE_BYTES);
  expect(body.stateBytes[store]).toBeGreaterThan(STATE_BYTES / 2);
  expect(body.state[store]).toBeGreaterThan(0);
  expect(body.state[store]).toBeLessThan(sent);
  await request(server.app).post('/__pixmock/reset').set('Content-Type', 'application/json').expect(200);
  const after = await health(server);
  for (const bytes of Object.values(after.stateBytes)) expect(bytes).toBe(0);
}

/** Sends `count` Bearer-authenticated bodies, each made distinct by its index. */
async function sendMany(server: MockServer, path: string, count: number, body: (index: number) => object) {
  for (let i = 0; i < count; i++) {
    await request(server.app).post(path).set({ Authorization: `Bearer ${server.demo.apiKey}` }).send(body(i)).expect(200);
  }
}

describe('state stores bounded in bytes', () => {
  it.each([
    { id: 'dify' as const, store: 'dify.runs', path: '/v1/workflows/run', body: (i: number) => ({ inputs: { prompt: 'a cat' }, response_mode: 'blocking', user: `${i}-${LARGE_FIELD}` }) },
    { id: 'chatfire' as const, store: 'tasks', path: '/v1/images/generations', body: (i: number) => ({ model: 'seedream-3.0', prompt: `${i}-${LARGE_FIELD}` }) },
  ])('keeps $store of very long fields within the byte bound', async ({ id, store, path, body }) => {
    const server = await start(id);
    const sent = 30;
    await sendMany(server, path, sent, body);
    await expectBounded(server, store, sent);
  });

  it('counts the aibabe request ids it remembers, long ones and refused ones included', async () => {
    const server = await start('aibabe');
    const { userId = '' } = server.demo;
    const sent = 200;
    for (let i = 0; i < sent; i++) {
      // The throttled key answers most of these "Too many requests": their ids are remembered all the same.
      const headers = signRequest({ apiKey: 'pk_throttled_aibabe', apiSecret: 'sk_throttled_aibabe_5e1a7c3f9d2b8046', userId, method: 'POST', path: '/v1/config/options', body: { namespace: 'custom_agent' }, requestId: `${i}-${'r'.repeat(7_000)}`, now: () => server.context.sim.clock.now() });
      await request(server.app).post('/v1/config/options').set(headers).send({ namespace: 'custom_agent' });
    }
    await expectBounded(server, 'replayIds', sent);
  });

  it('refuses to start with stores too small for an entry made from the largest body', async () => {
    await expect(createMockServer('dify', { contracts, renderer, limits: { stateBytes: 1024 * 1024, bodyBytes: 1024 * 1024 } })).rejects.toThrow(
      /limits\.stateBytes \(1048576\) must be at least 8 × limits\.bodyBytes \(1048576\)/,
    );
  });
});
