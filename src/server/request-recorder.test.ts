import request from 'supertest';
import { expect, it } from 'vitest';
import { createManualClock } from '../sim/clock.js';
import { createMockServer } from '../app/create-mock-servers.js';

it('journals requests with their secrets redacted', async () => {
  const server = await createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 1 });
  await request(server.app)
    .get('/files/tools/8faea5f8-b5c9-498a-b557-a39c474f0e59.png?timestamp=1&nonce=ab&sign=SECRET-SIGN')
    .set('Authorization', 'Bearer app-secret-key');
  const [entry] = server.context.journal.list();
  expect(entry).toMatchObject({ method: 'GET', query: { timestamp: '1', nonce: 'ab', sign: '[redacted]' }, headers: { authorization: '[redacted]' } });
  expect(JSON.stringify(entry)).not.toMatch(/SECRET-SIGN|app-secret-key/);
});

it('redacts and previews when the journal is read, keeping small bodies whole and large ones as a preview', async () => {
  const server = await createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 1 });
  const large = { inputs: { text: 'x'.repeat(10_000) } };
  await request(server.app).post('/v1/workflows/run').set('Authorization', 'Bearer app-secret-key').set('X-Api-Key', 'k-secret').send({ small: true });
  await request(server.app).post('/v1/workflows/run').set('Authorization', 'Bearer app-secret-key').send(large);
  const [small, big] = server.context.journal.list();
  expect(small).toMatchObject({ method: 'POST', path: '/v1/workflows/run', body: { small: true }, headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } });
  expect(big?.body).toMatch(/^\{"inputs":\{"text":"x+… \(10022 chars\)$/);
  expect((big?.body as string).length).toBeLessThan(4200);
  expect(JSON.stringify(server.context.journal.list())).not.toMatch(/app-secret-key|k-secret/);
  // The same entries on every read.
  expect(server.context.journal.list()[0]).toBe(small);
});

it('refuses a body too deep to serialise before keeping it, and keeps serving and listing', async () => {
  const server = await createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 1 });
  const deep = `${'['.repeat(150_000)}${']'.repeat(150_000)}`;
  await request(server.app).post('/v1/workflows/run').set('Content-Type', 'application/json').send(deep);
  await request(server.app).get('/v1/parameters');
  const entries = server.context.journal.list();
  expect(entries.map((e) => [e.status, e.body])).toEqual([[400, undefined], [401, undefined]]);
  expect((await request(server.app).get('/__pixmock/requests')).status).toBe(200);
});

it('empties only the journal on DELETE /__pixmock/requests', async () => {
  const server = await createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 1 });
  const auth = { Authorization: `Bearer ${server.demo.apiKey}` };
  const upload = await request(server.app).post('/v1/files/upload').set(auth).field('user', 'u1').attach('file', Buffer.from('png'), 'cat.png');
  expect(upload.status).toBe(201);
  const cleared = await request(server.app).delete('/__pixmock/requests');
  expect(cleared.body).toEqual({ cleared: 1 });
  const listed = await request(server.app).get('/__pixmock/requests');
  // The DELETE itself was answered after the journal was emptied, so it is the only entry.
  expect(listed.body.requests.map((entry: { method: string; path: string }) => `${entry.method} ${entry.path}`)).toEqual(['DELETE /__pixmock/requests']);
  expect(await server.context.state.sizes()).toMatchObject({ 'dify.uploads': 1 });
});

it.each([
  ['sign', 'SIGN'],
  ['sign', 'Sign'],
  ['signature', 'signature'],
  ['token', 'token'],
  ['access_token', 'Access_Token'],
  ['api_key', 'api_key'],
  ['apikey', 'apiKey'],
  ['key', 'key'],
  ['secret', 'SECRET'],
])('redacts a %s query value in the journal, whatever its case (%s=)', async (_name, written) => {
  const server = await createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 1 });
  await request(server.app)
    .get(`/v1/info?${written}=SECRET-VALUE&page=2&nested[${written}]=SECRET-NESTED`)
    .set('Referer', `http://example.test/page?${written}=SECRET-REFERER&x=1`);
  const [entry] = server.context.journal.list();
  expect(entry?.query).toMatchObject({ [written]: '[redacted]', page: '2', nested: { [written]: '[redacted]' } });
  expect(entry?.headers.referer).toBe(`http://example.test/page?${written}=[redacted]&x=1`);
  expect(JSON.stringify(entry)).not.toMatch(/SECRET-VALUE|SECRET-NESTED|SECRET-REFERER/);
});
