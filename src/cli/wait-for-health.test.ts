import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createMockServer, listen } from '../index.js';
import { healthUrlOf, waitForHealth } from './wait-for-health.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A server whose health answers 503, then `degraded`, then `ok`: what a start-up and a Redis coming back look like. */
async function recoveringServer(): Promise<string> {
  const answers = [{ code: 503, status: 'starting' }, { code: 200, status: 'degraded' }, { code: 200, status: 'ok' }];
  server = createServer((_request, response) => {
    const { code, status } = answers.length > 1 ? answers.shift()! : answers[0]!;
    response.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status, upstream: 'dify' }));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it.each([
  ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/__pixmock/health'],
  ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010/__pixmock/health'],
  ['http://127.0.0.1:4010/__pixmock/health', 'http://127.0.0.1:4010/__pixmock/health'],
])('polls %s at %s', (url, health) => {
  expect(healthUrlOf(url)).toBe(health);
});

it('is ready as soon as a running pixmock answers its health', async () => {
  const chatfire = await createMockServer('chatfire', { latency: 'instant' });
  const handle = await listen(chatfire.app);
  try {
    expect(await waitForHealth(handle.url, { timeoutMs: 5000 })).toEqual({ ready: true, healthUrl: `${handle.url}/__pixmock/health`, upstream: 'chatfire' });
  } finally {
    await handle.close(0);
  }
});

it('keeps polling through an error status and a degraded health until it is ok', async () => {
  expect(await waitForHealth(await recoveringServer(), { timeoutMs: 5000 })).toMatchObject({ ready: true, upstream: 'dify' });
});

it('gives up at the timeout, saying why the last poll failed', async () => {
  const url = await recoveringServer();
  server!.close();
  await once(server!, 'close');
  expect(await waitForHealth(url, { timeoutMs: 250 })).toEqual({ ready: false, healthUrl: `${url}/__pixmock/health`, reason: 'ECONNREFUSED' });
});

it('stops at once on a refused admin token instead of waiting for the timeout', async () => {
  const chatfire = await createMockServer('chatfire', { latency: 'instant', adminToken: 'a-token-of-sixteen-chars' });
  const handle = await listen(chatfire.app);
  try {
    const started = Date.now();
    expect(await waitForHealth(handle.url, { timeoutMs: 20_000, adminToken: 'wrong' })).toMatchObject({ ready: false, reason: expect.stringMatching(/^HTTP 401/) });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await waitForHealth(handle.url, { timeoutMs: 5000, adminToken: 'a-token-of-sixteen-chars' })).toMatchObject({ ready: true });
  } finally {
    await handle.close(0);
  }
});
