/**
 * A fifth upstream is its own folders and nothing else: `echo` (contract, mocks and definition,
 * all under fixtures/echo-upstream/) is served by the same shell, through both adapters, with no
 * line changed in src/.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { echoUpstream } from '../../fixtures/echo-upstream/echo-upstream.js';
import { createManualClock } from '../sim/clock.js';
import { createMockServer, createMockServers, type RunningMockServers } from './create-mock-servers.js';

async function echoServer() {
  const clock = createManualClock();
  const server = await createMockServer(echoUpstream, { latency: 'instant', seed: 1, clock });
  return { server, auth: { Authorization: `Bearer ${server.demo.apiKey}` } };
}

let running: RunningMockServers | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('an upstream defined outside src/', () => {
  it('answers its operation with typed state and principal, and its documented errors', async () => {
    const { server, auth } = await echoServer();
    expect((await request(server.app).post('/v1/echo').set(auth).send({ text: 'hello' })).body).toEqual({ echoed: 'hello', by: 'echo-demo', times: 1 });
    expect((await request(server.app).post('/v1/echo').set(auth).set('Prefer', 'scenario=shout').send({ text: 'hello' })).body).toEqual({ echoed: 'HELLO', by: 'echo-demo', times: 2 });
    const unauthorized = await request(server.app).post('/v1/echo').send({ text: 'hello' });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toEqual({ error: 'unauthorized', message: 'Send a known Bearer key.' });
    const invalid = await request(server.app).post('/v1/echo').set(auth).send({ text: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('invalid_request');
    expect((await request(server.app).get('/v1/nothing')).status).toBe(404);
  });

  it('answers the same through its fetch adapter', async () => {
    const { server, auth } = await echoServer();
    const response = await server.fetch(new Request('http://echo.test/v1/echo', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'fetched' }) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ echoed: 'fetched', by: 'echo-demo', times: 1 });
  });

  it('listens beside the shipped upstreams on a port of its own, health and all', async () => {
    running = await createMockServers({ upstreams: [echoUpstream, 'chatfire'], ports: { echo: 0, chatfire: 0 }, latency: 'instant', seed: 1 });
    const echo = running.upstreams.echo;
    expect(echo?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${echo?.url}/__pixmock/health`).then((response) => response.json() as Promise<{ upstream: string; operations: string[] }>);
    expect(health).toMatchObject({ upstream: 'echo', operations: ['echo'] });
  });
});
