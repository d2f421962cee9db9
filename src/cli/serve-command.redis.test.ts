/**
 * Two `pixmock serve --redis` processes on one real Redis, as replicas behind a load balancer:
 * what a client does on one, the other sees; a race between them has one winner; the clock and the
 * scenario move for both; the contract suite passes through a round-robin proxy in front of them;
 * and Redis lost and back costs the documented errors, never a crash.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../auth/index.js';
import { loadContracts, runContractSuite } from '../index.js';
import { startRedisServer, type TestRedisServer } from '../test-helpers/redis-server.js';
import { startRoundRobinProxy } from '../test-helpers/round-robin-proxy.js';
import { startServe, type ServeProcess } from '../test-helpers/serve-process.js';

const MOCKS = fileURLToPath(new URL('../../mocks', import.meta.url));
/** A key of mocks/aibabe/keys.yaml with a tiny token bucket; this test's copy also gives it a tiny quota. */
const THROTTLED_KEY = 'pk_throttled_aibabe';
const THROTTLED_QUOTA = 3;
const TIME_SCALE = 100;
const SUITE_SEED = 20261203;

const contracts = await loadContracts();
const catalogued = (upstream: string, id: string) => contracts.upstream(upstream).errors.render(id);

let redis: TestRedisServer;
let mocksDir: string;
let a: ServeProcess;
let b: ServeProcess;
let throttledSecret: string;

beforeAll(async () => {
  redis = await startRedisServer();
  mocksDir = await mkdtemp(path.join(tmpdir(), 'pixmock-replica-mocks-'));
  await cp(MOCKS, mocksDir, { recursive: true });
  const keysFile = path.join(mocksDir, 'aibabe', 'keys.yaml');
  const keys = parse(await readFile(keysFile, 'utf8')) as { apiKey: string; apiSecret: string; usageLimit: number }[];
  const throttled = keys.find((key) => key.apiKey === THROTTLED_KEY);
  if (!throttled) throw new Error(`mocks/aibabe/keys.yaml has no ${THROTTLED_KEY}`);
  throttled.usageLimit = THROTTLED_QUOTA;
  throttledSecret = throttled.apiSecret;
  await writeFile(keysFile, JSON.stringify(keys));
  const args = ['--json', '--port-aibabe', '0', '--port-chatfire', '0', '--port-dify', '0', '--latency', 'fast', '--time-scale', String(TIME_SCALE), '--mocks', mocksDir, '--redis', redis.url, '--log-level', 'warn'];
  [a, b] = await Promise.all([startServe(args), startServe(args)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.close();
  await rm(mocksDir, { recursive: true, force: true });
});

const urlOf = (replica: ServeProcess, upstream: string) => replica.ready.upstreams[upstream]?.url ?? '';
const demo = (upstream: string) => a.ready.upstreams[upstream] ?? {};

async function health(replica: ServeProcess, upstream = 'aibabe') {
  return (await (await fetch(`${urlOf(replica, upstream)}/__pixmock/health`)).json()) as { status: string; clock: { now: number; pendingTimers: number }; storage: { kind: string; available: boolean } };
}

async function advanceClock(replica: ServeProcess, advanceMs: number) {
  const response = await fetch(`${urlOf(replica, 'aibabe')}/__pixmock/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceMs }) });
  expect(response.status).toBe(200);
}

interface AibabeCall {
  apiKey?: string;
  apiSecret?: string;
  prefer?: string;
  headers?: Record<string, string>;
}

/** Signed the way the platform documents, on the replicas' shared clock (it may be ahead of this machine's). */
async function aibabeHeaders(path: string, body: unknown, { apiKey = demo('aibabe').apiKey ?? '', apiSecret = demo('aibabe').apiSecret ?? '' }: AibabeCall = {}) {
  const { clock } = await health(a);
  return signRequest({ apiKey, apiSecret, userId: demo('aibabe').userId ?? '', method: 'POST', path, body, now: () => clock.now });
}

async function aibabe(replica: ServeProcess, path: string, body: unknown, call: AibabeCall = {}) {
  const headers = { ...(call.headers ?? (await aibabeHeaders(path, body, call))), ...(call.prefer && { Prefer: call.prefer }) };
  const response = await fetch(`${urlOf(replica, 'aibabe')}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { success: boolean; message: string; data: Record<string, string> } };
}

async function chatfire(replica: ServeProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(`${urlOf(replica, 'chatfire')}${path}`, {
    method,
    headers: { Authorization: `Bearer ${demo('chatfire').apiKey}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const COVER = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' };
const OPTIONS_BODY = { namespace: 'custom_agent', gender: 'female', language: 'en' };

describe('two pixmock serve replicas on one Redis', () => {
  it('report Redis as their storage in health', async () => {
    expect((await health(a)).storage).toMatchObject({ kind: 'redis', available: true });
    expect((await health(b, 'dify')).status).toBe('ok');
  });

  it('let B poll a chatfire task created on A, see it completed once B’s clock has moved past its end, and serve its image', async () => {
    const created = await chatfire(a, 'POST', '/v1/images/generations', { model: 'keling', prompt: 'a red fox in the snow' });
    expect(created.status).toBe(200);
    const id = String(created.body.task_id);
    expect(await chatfire(b, 'GET', `/v1/images/generations/${id}`)).toMatchObject({ status: 200, body: { task_id: id } });

    await advanceClock(b, 10 * 60_000);
    const done = await chatfire(b, 'GET', `/v1/images/generations/${id}`);
    expect(done.body.status).toBe('completed');
    const [image] = done.body.images as { url: string }[];
    expect(image?.url.startsWith(urlOf(b, 'chatfire'))).toBe(true);
    const png = await fetch(image?.url ?? '');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('let exactly one of several attempts on A and B consume a coverId made on A', async () => {
    const cover = await aibabe(a, '/v1/agent/cover', COVER, { prefer: 'latency=0' });
    expect(cover.body.success).toBe(true);
    const { coverId } = cover.body.data;
    const attempts = await Promise.all(
      [a, b, a, b, a, b].map((replica, i) => aibabe(replica, '/v1/agent/create', { ...COVER, coverId, name: `replica agent ${i}`, voiceId: 'female_voice_01', language: 'en' }, { prefer: 'latency=0' })),
    );
    expect(attempts.filter((attempt) => attempt.body.success)).toHaveLength(1);
    const refused = catalogued('aibabe', 'cover_not_found_or_expired');
    for (const attempt of attempts.filter((one) => !one.body.success)) expect(attempt).toMatchObject({ status: refused.status, body: { message: (refused.body as { message: string }).message } });
  });

  it('has B refuse an aibabe request A accepted (the same X-Request-ID)', async () => {
    const headers = await aibabeHeaders('/v1/config/options', OPTIONS_BODY);
    expect((await aibabe(a, '/v1/config/options', OPTIONS_BODY, { headers })).body.success).toBe(true);
    const replay = await aibabe(b, '/v1/config/options', OPTIONS_BODY, { headers });
    const refused = catalogued('aibabe', 'unauthorized_replayed_request');
    expect(replay).toMatchObject({ status: refused.status, body: { message: (refused.body as { message: string }).message } });
  });

  it('share a key’s token bucket and its quota between A and B', async () => {
    const call = (replica: ServeProcess) => aibabe(replica, '/v1/config/options', OPTIONS_BODY, { apiKey: THROTTLED_KEY, apiSecret: throttledSecret });
    const message = (id: string) => (catalogued('aibabe', id).body as { message: string }).message;
    expect((await call(a)).body.success).toBe(true);
    expect((await call(b)).body.success).toBe(true);
    expect((await call(a)).body.message).toBe(message('rate_limited'));
    // Two tokens back (the bucket refills one every 10 simulated seconds); the quota has one call left.
    await advanceClock(a, 20_000);
    expect((await call(b)).body.success).toBe(true);
    expect((await call(a)).body.message).toBe(message('quota_exhausted'));
  });

  it('complete a chat image held on A when the clock is advanced on B', async () => {
    const { agentId = '' } = demo('aibabe');
    const conversation = await aibabe(a, '/v1/chat/conversation', { agentId }, { prefer: 'latency=0' });
    const { conversationId } = conversation.body.data;
    const heldMs = 10 * 60_000;
    const timersBefore = (await health(a)).clock.pendingTimers;
    const held = aibabe(a, '/v1/chat/image', { agentId, conversationId, text: 'a lighthouse at dusk', language: 'en' }, { prefer: `latency=${heldMs}` });
    await vi.waitFor(async () => expect((await health(a)).clock.pendingTimers).toBeGreaterThan(timersBefore), { timeout: 5_000, interval: 20 });

    await advanceClock(b, heldMs);
    const answer = await held;
    expect(answer.body.success).toBe(true);
    expect(answer.body.data.base64Image).toMatch(/^data:image\/png;base64,/);
  });

  it('let B read the detail of a Dify run A drove', async () => {
    const run = await fetch(`${urlOf(a, 'dify')}/v1/workflows/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo('dify').apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: { prompt: 'a quiet harbour' }, response_mode: 'blocking', user: 'replica-test' }),
    });
    const blocking = (await run.json()) as { workflow_run_id: string; data: { status: string } };
    expect(blocking.data.status).toBe('succeeded');
    const detail = await fetch(`${urlOf(b, 'dify')}/v1/workflows/run/${blocking.workflow_run_id}`, { headers: { Authorization: `Bearer ${demo('dify').apiKey}` } });
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ id: blocking.workflow_run_id, status: 'succeeded', outputs: { files: [expect.objectContaining({ type: 'image' })] } });
  });

  it('stop a Dify run A drives when B is asked to, once the run ends its node', async () => {
    const headers = { Authorization: `Bearer ${demo('dify').apiKey}`, 'Content-Type': 'application/json' };
    const user = 'replica-stopper';
    // Within the ten minutes Dify (and pixmock) keep a stop flag.
    const runMs = 5 * 60_000;
    const stream = await fetch(`${urlOf(a, 'dify')}/v1/workflows/run`, {
      method: 'POST',
      headers: { ...headers, Prefer: `latency=${runMs}` },
      body: JSON.stringify({ inputs: { prompt: 'a long night' }, response_mode: 'streaming', user }),
    });
    const events: { event: string; task_id?: string; data?: { status?: string } }[] = [];
    let started: (taskId: string) => void = () => {};
    const taskId = new Promise<string>((resolve) => (started = resolve));
    const parser = createParser({
      onEvent: ({ data }) => {
        const event = JSON.parse(data) as (typeof events)[number];
        events.push(event);
        if (event.event === 'workflow_started') started(event.task_id ?? '');
      },
    });
    const reading = (async () => {
      for await (const chunk of stream.body ?? []) parser.feed(Buffer.from(chunk).toString());
    })();

    const stop = await fetch(`${urlOf(b, 'dify')}/v1/workflows/tasks/${await taskId}/stop`, { method: 'POST', headers, body: JSON.stringify({ user }) });
    expect(await stop.json()).toEqual({ result: 'success' });
    await advanceClock(b, runMs);
    await reading;
    expect(events.at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'stopped' } });
  });

  it('apply a scenario set on A to B at once', async () => {
    const put = (replica: ServeProcess, name: string | null) =>
      fetch(`${urlOf(replica, 'chatfire')}/__pixmock/scenario`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
    const [name = ''] = Object.keys(parse(await readFile(path.join(mocksDir, 'chatfire', 'scenarios.yaml'), 'utf8')) as object);
    const active = async (replica: ServeProcess) => ((await (await fetch(`${urlOf(replica, 'chatfire')}/__pixmock/scenario`)).json()) as { scenario: string | null }).scenario;
    expect((await put(a, name)).status).toBe(200);
    expect(await active(b)).toBe(name);
    expect((await put(b, null)).status).toBe(200);
    expect(await active(a)).toBeNull();
  });

  it.each(['aibabe', 'chatfire', 'dify'] as const)('pass the %s contract suite through a round-robin proxy in front of A and B', async (upstream) => {
    const proxy = await startRoundRobinProxy([urlOf(a, upstream), urlOf(b, upstream)]);
    try {
      const result = await runContractSuite({ seed: SUITE_SEED, contracts, targets: [{ upstream, baseUrl: proxy.url, credentials: demo(upstream), live: false }] });
      const findings = result.cases.flatMap((c) => c.findings.map((f) => `${c.case.id} ${f.check} ${f.operationId} ${f.pointer}: ${f.message}`));
      expect(findings.join('\n')).toBe('');
      expect(result.summary.failed).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('answer the documented 500 and say degraded while Redis is down, never crash, and recover when it is back', async () => {
    const created = await chatfire(a, 'POST', '/v1/images/generations', { model: 'keling', prompt: 'before the outage' });
    await redis.stop();
    await vi.waitFor(async () => expect((await health(a, 'chatfire')).status).toBe('degraded'), { timeout: 5_000, interval: 50 });

    const internal = (upstream: string) => ({ status: catalogued(upstream, 'internal_error').status, body: catalogued(upstream, 'internal_error').body });
    expect(await chatfire(b, 'GET', `/v1/images/generations/${String(created.body.task_id)}`)).toEqual(internal('chatfire'));
    expect(await aibabe(a, '/v1/config/options', OPTIONS_BODY)).toMatchObject({ status: internal('aibabe').status, body: { message: (internal('aibabe').body as { message: string }).message } });
    const clock = await fetch(`${urlOf(b, 'dify')}/__pixmock/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceMs: 1 }) });
    expect(clock.status).toBe(503);
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();

    await redis.start();
    for (const replica of [a, b]) await vi.waitFor(async () => expect((await health(replica, 'chatfire')).status).toBe('ok'), { timeout: 10_000, interval: 50 });
    // Redis came back empty (no persistence here): what it held is gone, and new work is shared again.
    expect((await chatfire(b, 'GET', `/v1/images/generations/${String(created.body.task_id)}`)).status).toBe(catalogued('chatfire', 'task_not_found').status);
    const after = await chatfire(a, 'POST', '/v1/images/generations', { model: 'keling', prompt: 'after the outage' });
    expect((await chatfire(b, 'GET', `/v1/images/generations/${String(after.body.task_id)}`)).status).toBe(200);
  });
});
