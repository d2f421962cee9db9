/**
 * The admin API against a web page in the user's browser: a cross-site "simple" request (no
 * preflight) and DNS rebinding (a foreign name resolving to 127.0.0.1) must not reach it.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadContracts } from '../contracts/index.js';
import { createImageRenderer } from '../imaging/index.js';
import { createManualClock } from '../sim/clock.js';
import { createMockServer, createMockServers, type MockServer, type MockServerOptions } from '../app/create-mock-servers.js';
import { sendRaw } from '../test-helpers/fuzz/index.js';

const contracts = await loadContracts();
const renderer = createImageRenderer();
const AUTH = { Authorization: 'Bearer sk-pixmock-demo' };

function server(options: MockServerOptions = {}): Promise<MockServer> {
  return createMockServer('chatfire', { clock: createManualClock(), latency: 'instant', seed: 9, contracts, renderer, ...options });
}

/** A server holding one task, so a reset that went through is visible. */
async function serverWithState(options: MockServerOptions = {}): Promise<MockServer> {
  const s = await server(options);
  await request(s.app).post('/v1/images/generations').set(AUTH).send({ model: 'seedream-3.0', prompt: 'keep me' }).expect(200);
  return s;
}

describe('cross-site requests', () => {
  it('refuses a cross-site simple POST to /reset (text/plain, foreign Origin) with 403 and keeps the state', async () => {
    const s = await serverWithState();
    const res = await request(s.app).post('/__pixmock/reset').set('Origin', 'http://evil.example').set('Content-Type', 'text/plain').send('{}');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await s.context.state.sizes()).tasks).toBe(1);
  });

  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', 'https://localhost:4020'])('refuses any admin call with the foreign Origin %s', async (origin) => {
    const s = await server();
    const res = await request(s.app).get('/__pixmock/health').set('Host', 'localhost:4020').set('Origin', origin);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/Origin/);
  });

  it('accepts the server\'s own origin', async () => {
    const s = await server();
    const res = await request(s.app).get('/__pixmock/health').set('Host', 'localhost:4020').set('Origin', 'http://localhost:4020');
    expect(res.status).toBe(200);
  });

  it.each([
    ['POST', '/__pixmock/reset', undefined],
    ['POST', '/__pixmock/reset', 'text/plain'],
    ['POST', '/__pixmock/reset', 'application/x-www-form-urlencoded'],
    ['POST', '/__pixmock/reset', 'multipart/form-data; boundary=x'],
    ['PUT', '/__pixmock/scenario', 'text/plain'],
    ['POST', '/__pixmock/clock', 'text/plain'],
  ])('answers %s %s with Content-Type %s (a type a page may send without preflight) with 415', async (method, path, type) => {
    const s = await serverWithState();
    let call = method === 'PUT' ? request(s.app).put(path) : request(s.app).post(path);
    if (type) call = call.set('Content-Type', type);
    const res = await call.send(type ? '{"name":null,"advanceMs":1}' : undefined);
    expect(res.status).toBe(415);
    expect(res.body.detail).toMatch(/application\/json/);
    expect((await s.context.state.sizes()).tasks).toBe(1);
  });

  it('resets with Content-Type: application/json and no body', async () => {
    const s = await serverWithState();
    const res = await request(s.app).post('/__pixmock/reset').set('Content-Type', 'application/json');
    expect(res.status).toBe(200);
    expect((await s.context.state.sizes()).tasks).toBe(0);
  });

  it('empties the journal with a bodyless DELETE: a browser always preflights DELETE, which the admin API never grants', async () => {
    const s = await serverWithState();
    const res = await request(s.app).delete('/__pixmock/requests');
    expect(res.status).toBe(200);
  });
});

describe('DNS rebinding', () => {
  it.each(['evil.example', 'evil.example:4020', '127.0.0.1.nip.io:4020', 'localhost.evil.example', '0.0.0.0:4020'])('refuses Host %s with 403', async (host) => {
    const s = await serverWithState();
    for (const call of [request(s.app).get('/__pixmock/health'), request(s.app).post('/__pixmock/reset').set('Content-Type', 'application/json')]) {
      const res = await call.set('Host', host);
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/Host/);
    }
    expect((await s.context.state.sizes()).tasks).toBe(1);
  });

  it.each(['localhost', 'localhost:4020', 'LOCALHOST:4020', '127.0.0.1', '127.0.0.1:4020', '127.1.2.3:80', '[::1]', '[::1]:4020'])('accepts the loopback Host %s', async (host) => {
    const s = await server();
    expect((await request(s.app).get('/__pixmock/health').set('Host', host)).status).toBe(200);
  });

  it('accepts the host the server was bound to (--host) as well', async () => {
    const s = await server({ host: 'pixmock.internal', adminToken: 'a-long-enough-admin-token' });
    const res = await request(s.app).get('/__pixmock/health').set('Host', 'pixmock.internal:4020').set('Authorization', 'Bearer a-long-enough-admin-token');
    expect(res.status).toBe(200);
    expect((await request(s.app).get('/__pixmock/health').set('Host', 'other.internal:4020').set('Authorization', 'Bearer a-long-enough-admin-token')).status).toBe(403);
  });

  it('accepts any Host when bound to every interface, where the admin token guards it', async () => {
    const s = await server({ host: '0.0.0.0', adminToken: 'a-long-enough-admin-token' });
    const res = await request(s.app).get('/__pixmock/health').set('Host', 'build-agent.lan:4020').set('Authorization', 'Bearer a-long-enough-admin-token');
    expect(res.status).toBe(200);
  });

  it('accepts only loopback names when bound to every interface without a token', async () => {
    const s = await server({ host: '0.0.0.0' });
    expect((await request(s.app).get('/__pixmock/health').set('Host', 'attacker.example:4020')).status).toBe(403);
    expect((await request(s.app).get('/__pixmock/health').set('Host', '127.0.0.1:4020')).status).toBe(200);
  });

  it('learns the bound host from createMockServers', async () => {
    const token = 'a-long-enough-admin-token';
    const servers = await createMockServers({ upstreams: ['chatfire'], host: '0.0.0.0', ports: { chatfire: 0 }, adminToken: token, latency: 'instant', seed: 1, graceMs: 0, contracts, renderer });
    try {
      const port = servers.upstreams.chatfire?.port ?? 0;
      const res = await sendRaw(port, undefined, { method: 'GET', path: '/__pixmock/health', headers: { Host: `build-agent.lan:${port}`, Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await servers.close();
    }
  });

  it('leaves the upstream routes alone: any Host reaches them', async () => {
    const s = await server();
    const res = await request(s.app).post('/v1/images/generations').set(AUTH).set('Host', 'api.chatfire.site').send({ model: 'seedream-3.0', prompt: 'a fox' });
    expect(res.status).toBe(200);
  });
});
