/**
 * Security properties of the running mock: signatures compared in constant time and rejected
 * whatever their length, replays refused, the admin API behind its token, tool-file URLs bound to
 * their key, every size limit configurable and honoured, and no secret in the logs.
 */
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signRequest, signToolFileUrl } from '../../auth/index.js';
import { loadContracts } from '../../contracts/index.js';
import { loadMocks } from '../../mocks/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { createManualClock } from '../../sim/clock.js';
import type { UpstreamId } from '../../app/create-mock-servers.js';
import { createMockServer, type MockServer, type MockServerOptions } from '../../app/create-mock-servers.js';
import type { ServerLimits } from '../../core/index.js';
import { memoryLogger } from '../../test-helpers/fuzz/index.js';

const contracts = await loadContracts();
const renderer = createImageRenderer();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64)]);

function server(id: UpstreamId, options: MockServerOptions = {}): Promise<MockServer> {
  return createMockServer(id, { clock: createManualClock(), latency: 'instant', seed: 5, contracts, renderer, ...options });
}

/** Awaits a request, advancing the manual clock while it waits on simulated time. */
async function settleOnClock(s: MockServer, pending: PromiseLike<request.Response>): Promise<request.Response> {
  let done = false;
  const answer = Promise.resolve(pending).finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    if (s.context.sim.clock.pendingTimers() > 0) await s.context.sim.clock.advance(10_000);
  }
  return answer;
}

let sequence = 0;
function signed(s: MockServer, path: string, body: unknown, overrides: { signature?: string; requestId?: string; multipart?: boolean } = {}) {
  const headers = signRequest({
    apiKey: s.demo.apiKey ?? '',
    apiSecret: s.demo.apiSecret ?? '',
    userId: s.demo.userId ?? '',
    method: 'POST',
    path,
    body: overrides.multipart ? undefined : body,
    isMultipart: overrides.multipart === true,
    timestamp: Math.floor(s.context.sim.clock.now() / 1000),
    requestId: overrides.requestId ?? `security-${String(++sequence).padStart(23, '0')}`,
  });
  if (overrides.signature !== undefined) headers['X-Signature'] = overrides.signature;
  return headers;
}

function catalogue(upstream: UpstreamId, id: string) {
  return contracts.upstream(upstream).errors.render(id, {});
}

describe('signatures', () => {
  it('are compared with crypto.timingSafeEqual, never ===', async () => {
    const source = (file: string) => readFile(new URL(`../../auth/${file}`, import.meta.url), 'utf8');
    expect(await source('constant-time-equal.ts')).toMatch(/timingSafeEqual\(actualBytes, expectedBytes\)/);
    for (const file of ['aibabe-signature.ts', 'dify-file-signature.ts']) {
      const text = await source(file);
      expect(text).toMatch(/constantTimeEqual\(/);
      // The only comparisons of a received signature with the computed one go through constantTimeEqual.
      expect(text).not.toMatch(/(signature|sign)\s*[!=]==?\s*(expected|toolFileSign|hmacHex)/);
      expect(text).not.toMatch(/(expected|toolFileSign\([^)]*\))\s*[!=]==?\s*(signature|sign)\b/);
    }
  });

  it.each([
    ['of equal length', (good: string) => `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`],
    ['shorter', (good: string) => good.slice(0, 10)],
    ['longer', (good: string) => `${good}00`],
    ['empty-ish', () => '0'],
  ])('an aibabe signature %s is rejected with unauthorized_bad_signature', async (_name, tamper) => {
    const s = await server('aibabe');
    const body = { namespace: 'custom_agent' };
    const headers = signed(s, '/v1/config/options', body);
    const res = await request(s.app).post('/v1/config/options').set({ ...headers, 'X-Signature': tamper(headers['X-Signature'] ?? '') }).send(body);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe((catalogue('aibabe', 'unauthorized_bad_signature').body as { message: string }).message);
  });

  it('a replayed aibabe request id is refused inside the window', async () => {
    const s = await server('aibabe');
    const body = { namespace: 'custom_agent' };
    const headers = signed(s, '/v1/config/options', body, { requestId: 'replayed-request-id-000000000000' });
    expect((await request(s.app).post('/v1/config/options').set(headers).send(body)).status).toBe(200);
    const again = await request(s.app).post('/v1/config/options').set(headers).send(body);
    expect(again.status).toBe(401);
    expect(again.body.message).toBe((catalogue('aibabe', 'unauthorized_replayed_request').body as { message: string }).message);
  });
});

describe('admin API', () => {
  it.each(['/__pixmock/health', '/__pixmock/requests', '/__pixmock/scenario'])('answers %s with a 401 problem without the token and 200 with it', async (path) => {
    const s = await server('chatfire', { adminToken: 'admin-secret-token' });
    const without = await request(s.app).get(path);
    expect(without.status).toBe(401);
    expect(without.headers['content-type']).toMatch(/^application\/problem\+json/);
    const wrong = await request(s.app).get(path).set('Authorization', 'Bearer admin-secret-tokeX');
    expect(wrong.status).toBe(401);
    expect((await request(s.app).get(path).set('Authorization', 'Bearer admin-secret-token')).status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"name": '],
    ['a body over the admin limit', JSON.stringify({ name: 'x'.repeat(64 * 1024) })],
  ])('checks the token before reading the body: %s without the token is a 401', async (_label, body) => {
    const s = await server('chatfire', { adminToken: 'admin-secret-token' });
    const res = await request(s.app).put('/__pixmock/scenario').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('guards reset too', async () => {
    const s = await server('dify', { adminToken: 'admin-secret-token' });
    expect((await request(s.app).post('/__pixmock/reset').set('Content-Type', 'application/json')).status).toBe(401);
    expect((await request(s.app).post('/__pixmock/reset').set('Content-Type', 'application/json').set('Authorization', 'Bearer admin-secret-token')).status).toBe(200);
  });
});

describe('HTML pages', () => {
  const HOSTILE_HOST = '"><img src=x onerror=alert(1)>';
  const ESCAPED_HOST = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';

  it.each(['gateway_502', 'gateway_504', 'long_run_cloudflare_524'])('Dify\'s Cloudflare page for %s writes the Host header escaped', async (scenario) => {
    const s = await server('dify');
    const answer = request(s.app).post('/v1/workflows/run').set('Authorization', `Bearer ${s.demo.apiKey}`).set('Host', HOSTILE_HOST).set('Prefer', `scenario=${scenario}`);
    const res = await settleOnClock(s, answer.send({ inputs: { prompt: 'a fox' }, response_mode: 'blocking', user: 'html' }));
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain(`${ESCAPED_HOST} |`);
    expect(res.text).not.toContain('<img');
  });

  it('the shared gateway page (mocks/gateway-pages.yaml) writes the Host header escaped', async () => {
    const mocks = await loadMocks('chatfire');
    mocks.scenarios.gateway_524 = { fault: { kind: 'gateway', status: 524 } };
    const s = await server('chatfire', { mocks });
    const res = await request(s.app).post('/v1/images/generations').set('Authorization', `Bearer ${s.demo.apiKey}`).set('Host', HOSTILE_HOST).set('Prefer', 'scenario=gateway_524').send({ model: 'seedream-3.0', prompt: 'a fox' });
    expect(res.status).toBe(524);
    expect(res.text).toContain(`<title>${ESCAPED_HOST} | 524`);
    expect(res.text).not.toContain('<img');
  });
});

describe('Dify tool-file URLs', () => {
  it('verify only with the key that signed them: another secret gives 403 file_forbidden', async () => {
    const s = await server('dify');
    const run = await request(s.app)
      .post('/v1/workflows/run')
      .set('Authorization', `Bearer ${s.demo.apiKey}`)
      .send({ inputs: { prompt: 'a fox' }, response_mode: 'blocking', user: 'sec' });
    const url = new URL(run.body.data.outputs.files[0].url as string, 'http://mock');
    const fileId = url.pathname.split('/').pop()?.replace('.png', '') ?? '';
    expect((await request(s.app).get(`${url.pathname}${url.search}`)).status).toBe(200);
    const forged = signToolFileUrl({
      fileId,
      extension: '.png',
      secretKey: 'another-secret-key',
      timestampSeconds: Number(url.searchParams.get('timestamp')),
      nonce: url.searchParams.get('nonce') ?? '',
    });
    const res = await request(s.app).get(forged);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(catalogue('dify', 'file_forbidden').body);
  });
});

describe('limits are configurable and honoured', () => {
  const small = (limits: Partial<ServerLimits>) => ({ limits });

  it.each([
    ['aibabe', '/v1/config/options'],
    ['chatfire', '/v1/images/generations'],
    ['dify', '/v1/workflows/run'],
  ] as const)('bodyBytes: %s answers a body over it with payload_too_large', async (id, path) => {
    const s = await server(id, small({ bodyBytes: 1024 }));
    const res = await request(s.app).post(path).set('Content-Type', 'application/json').send(JSON.stringify({ prompt: 'x'.repeat(2048) }));
    expect(res.status).toBe(catalogue(id, 'payload_too_large').status);
    const under = await request(s.app).post(path).set('Content-Type', 'application/json').send(JSON.stringify({ prompt: 'x'.repeat(512) }));
    expect(under.status).not.toBe(413);
  });

  it('uploadBytes: caps the aibabe reference image (ref_image_too_large) and the Dify upload (413)', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(2048)]);
    const aibabe = await server('aibabe', small({ uploadBytes: 1024 }));
    const ref = await request(aibabe.app).post('/v1/agent/reference-image').set(signed(aibabe, '/v1/agent/reference-image', undefined, { multipart: true })).attach('file', big, 'big.png');
    expect(ref.body.message).toBe((contracts.upstream('aibabe').errors.render('ref_image_too_large', { maxBytes: 1024 }).body as { message: string }).message);
    const dify = await server('dify', small({ uploadBytes: 1024 }));
    const upload = await request(dify.app).post('/v1/files/upload').set('Authorization', `Bearer ${dify.demo.apiKey}`).field('user', 'u').attach('file', big, 'big.png');
    expect(upload.status).toBe(413);
    const ok = await request(dify.app).post('/v1/files/upload').set('Authorization', `Bearer ${dify.demo.apiKey}`).field('user', 'u').attach('file', PNG, 'small.png');
    expect(ok.status).toBe(201);
  });

  it('journalEntries: the journal keeps only the newest entries', async () => {
    const s = await server('dify', small({ journalEntries: 5 }));
    for (let i = 0; i < 12; i++) await request(s.app).get('/v1/info').set('Authorization', `Bearer ${s.demo.apiKey}`);
    expect(s.context.journal.list()).toHaveLength(5);
    expect((await request(s.app).get('/__pixmock/health')).body.journal).toBe(5);
  });

  it('stateEntries: chatfire tasks and Dify uploads stay within it', async () => {
    const chatfire = await server('chatfire', small({ stateEntries: 3 }));
    for (let i = 0; i < 6; i++) {
      const res = await request(chatfire.app).post('/v1/images/generations').set('Authorization', `Bearer ${chatfire.demo.apiKey}`).send({ model: 'seedream-3.0', prompt: `p${i}` });
      expect(res.status).toBe(200);
    }
    expect((await chatfire.context.state.sizes()).tasks).toBe(3);
    const dify = await server('dify', small({ stateEntries: 3 }));
    for (let i = 0; i < 5; i++) await request(dify.app).post('/v1/files/upload').set('Authorization', `Bearer ${dify.demo.apiKey}`).field('user', `u${i}`).attach('file', PNG, `f${i}.png`);
    expect((await dify.context.state.sizes())['dify.uploads']).toBe(3);
  });
});

describe('logs', () => {
  it('never contain an API key, secret, signature or tool-file sign, even at debug level', async () => {
    const { logger, lines } = memoryLogger('debug');
    const aibabe = await server('aibabe', { logger });
    const dify = await server('dify', { logger });
    const chatfire = await server('chatfire', { logger });
    const secrets = [aibabe.demo.apiKey, aibabe.demo.apiSecret, dify.demo.apiKey, chatfire.demo.apiKey];
    const body = { namespace: 'custom_agent' };
    const headers = signed(aibabe, '/v1/config/options', body);
    secrets.push(headers['X-Signature']);
    await request(aibabe.app).post('/v1/config/options').set(headers).send(body);
    await request(aibabe.app).post('/v1/config/options').set({ ...headers, 'X-Signature': 'f'.repeat(64) }).send(body);
    // An unreadable multipart body is logged (debug) with its error.
    await request(aibabe.app).post('/v1/agent/reference-image').set(signed(aibabe, '/v1/agent/reference-image', undefined, { multipart: true })).set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nbroken');
    const run = await request(dify.app).post('/v1/workflows/run').set('Authorization', `Bearer ${dify.demo.apiKey}`).send({ inputs: { prompt: 'a fox' }, response_mode: 'blocking', user: 'logs' });
    const fileUrl = new URL(run.body.data.outputs.files[0].url as string, 'http://mock');
    secrets.push(fileUrl.searchParams.get('sign') ?? undefined);
    await request(dify.app).get(`${fileUrl.pathname}${fileUrl.search}`);
    await request(chatfire.app).post('/v1/images/generations').set('Authorization', `Bearer ${chatfire.demo.apiKey}`).set('Content-Type', 'application/json').send('{"broken');
    await request(chatfire.app).get('/v1/tasks/nope').set('Authorization', `Bearer ${chatfire.demo.apiKey}`);
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('');
    for (const secret of secrets) {
      expect(secret).toBeTruthy();
      expect(text).not.toContain(secret);
    }
  });
});
