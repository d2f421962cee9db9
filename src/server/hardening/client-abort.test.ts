/**
 * A client that hangs up during a simulated wait or a render costs nothing afterwards: its clock timer is
 * cancelled, no response is written, no image is rendered for it. Real sockets (listen(0) and
 * node:http requests destroyed mid-wait) on a manual clock, so nothing moves unless we move it.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../auth/index.js';
import { loadContracts } from '../../contracts/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { createManualClock } from '../../sim/clock.js';
import type { DifyState } from '../../upstreams/dify/dify-state.js';
import type { UpstreamId } from '../../app/create-mock-servers.js';
import { createMockServer, type MockServer } from '../../app/create-mock-servers.js';
import { listen, type ListeningServer } from '../listen.js';

const HELD = 5;
/** Far beyond every latency in mocks/ (agent cover: 300 simulated seconds). */
const LATER_MS = 60 * 60 * 1000;
const contracts = await loadContracts();
const renderer = createImageRenderer();

interface Held {
  request: ClientRequest;
  answered: () => boolean;
}

const open: ListeningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listening) => listening.close(0)));
});

async function start(id: UpstreamId): Promise<{ server: MockServer; port: number }> {
  const server = await createMockServer(id, { clock: createManualClock(), latency: 'realistic', seed: 11, contracts, renderer });
  const listening = await listen(server.app);
  open.push(listening);
  return { server, port: listening.port };
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: unknown): Held {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  let answered = false;
  const request = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}) } });
  request.on('response', () => (answered = true));
  request.on('error', () => undefined);
  request.end(payload);
  return { request, answered: () => answered };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 5_000; waited += 10) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function aibabeHeaders(server: MockServer, path: string, body: unknown, requestId: string): Record<string, string> {
  const { apiKey = '', apiSecret = '', userId = '' } = server.demo;
  const headers = signRequest({ apiKey, apiSecret, userId, method: 'POST', path, body, timestamp: Math.floor(server.context.sim.clock.now() / 1000), requestId });
  delete headers['Content-Type'];
  return headers;
}

/** Starts HELD requests, waits until each holds a timer, aborts them all, and checks what is left. */
async function abortHeld(server: MockServer, startOne: (index: number) => Held, streams = false) {
  const { clock } = server.context.sim;
  const baseline = clock.pendingTimers();
  const held = Array.from({ length: HELD }, (_, index) => startOne(index));
  // A held request holds one timer; a stream is held once its headers are out.
  const ready = streams ? () => held.every((h) => h.answered()) : () => clock.pendingTimers() >= baseline + HELD;
  await until(ready, `${HELD} held requests`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const renders = renderer.stats().misses + renderer.stats().hits;
  for (const { request } of held) request.destroy();
  await until(() => clock.pendingTimers() === baseline, 'the timers of the aborted requests to be cancelled');
  await clock.advance(LATER_MS);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { answered: held.filter((h) => h.answered()).length, rendersAfterAbort: renderer.stats().misses + renderer.stats().hits - renders, pending: clock.pendingTimers() };
}

describe('client aborts during a simulated wait', () => {
  it('cancel aibabe chatImage timers and renders', async () => {
    const { server, port } = await start('aibabe');
    const agentId = server.demo.agentId ?? '';
    const create = { agentId };
    const created = await fetch(`http://127.0.0.1:${port}/v1/chat/conversation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Prefer: 'latency=0', ...aibabeHeaders(server, '/v1/chat/conversation', create, 'abort-setup-0000000000000000000') },
      body: JSON.stringify(create),
    });
    const { data } = (await created.json()) as { data: { conversationId: string } };
    const result = await abortHeld(server, (i) => {
      const body = { agentId, conversationId: data.conversationId, text: `held ${i}`, language: 'en' };
      return send(port, 'POST', '/v1/chat/image', aibabeHeaders(server, '/v1/chat/image', body, `abort-chat-${String(i).padStart(21, '0')}`), body);
    });
    expect(result).toEqual({ answered: 0, rendersAfterAbort: 0, pending: 0 });
  });

  it('cancel aibabe agentCover timers and renders', async () => {
    const { server, port } = await start('aibabe');
    const result = await abortHeld(server, (i) => {
      const body = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Small', buttSize: 'Small', hairColor: 'black', hairStyle: i % 2 ? 'Long' : 'Bob' };
      return send(port, 'POST', '/v1/agent/cover', aibabeHeaders(server, '/v1/agent/cover', body, `abort-cover-${String(i).padStart(20, '0')}`), body);
    });
    expect(result).toEqual({ answered: 0, rendersAfterAbort: 0, pending: 0 });
  });

  it('cancel chatfire openai-mode timers before any task or render', async () => {
    const { server, port } = await start('chatfire');
    const result = await abortHeld(server, (i) =>
      send(port, 'POST', '/v1/images/generations', { Authorization: 'Bearer sk-pixmock-demo', Prefer: 'mode=openai' }, { model: 'seedream-3.0', prompt: `held ${i}` }),
    );
    expect(result).toEqual({ answered: 0, rendersAfterAbort: 0, pending: 0 });
    expect((await server.context.state.sizes()).tasks).toBe(0);
  });

  it('stop Dify streaming runs: timers cancelled, the runs end stopped, nothing rendered after', async () => {
    const { server, port } = await start('dify');
    const runs: string[] = [];
    const result = await abortHeld(server, (i) => {
      const held = send(port, 'POST', '/v1/workflows/run', { Authorization: `Bearer ${server.demo.apiKey}` }, { inputs: { prompt: `held ${i}` }, response_mode: 'streaming', user: 'abort' });
      held.request.on('response', (response) => response.once('data', (chunk: Buffer) => runs.push(chunk.toString())));
      return held;
    }, true);
    expect(runs.join('')).toContain('workflow_started');
    // The stream's headers and first events go out at once; what matters is that nothing more runs.
    expect(result.rendersAfterAbort).toBe(0);
    expect(result.pending).toBe(0);
    expect((await server.context.state.sizes())['dify.activeRuns']).toBe(0);
    const statuses = (await (server.state as DifyState).runs.values()).map((run) => run.status);
    expect(statuses).toEqual(Array(HELD).fill('stopped'));
  });

  it('let Dify blocking runs finish (as Dify does) without writing to the closed socket', async () => {
    const { server, port } = await start('dify');
    const held = Array.from({ length: HELD }, (_, i) =>
      send(port, 'POST', '/v1/workflows/run', { Authorization: `Bearer ${server.demo.apiKey}`, Prefer: 'edge=off' }, { inputs: { prompt: `blocking ${i}` }, response_mode: 'blocking', user: 'abort' }),
    );
    const { clock } = server.context.sim;
    await until(() => clock.pendingTimers() >= HELD, 'held blocking runs');
    for (const { request } of held) request.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The runs wait on the clock and on their (real-time) renders: advance until they have all ended.
    const active = async () => (await server.context.state.sizes())['dify.activeRuns'] ?? 0;
    for (let round = 0; round < 200 && ((await active()) > 0 || clock.pendingTimers() > 0); round++) {
      await clock.advance(LATER_MS);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(clock.pendingTimers()).toBe(0);
    expect(held.filter((h) => h.answered())).toHaveLength(0);
    expect(await active()).toBe(0);
    expect((await server.context.state.sizes())['dify.runs']).toBe(HELD);
  });
});

describe('client aborts during a render', () => {
  it('aibabe agentCover writes nothing and keeps no coverId for a client gone while its image rendered', async () => {
    let renderStarted = () => undefined as void;
    const started = new Promise<void>((resolve) => (renderStarted = resolve));
    let finishRender = () => undefined as void;
    const gate = new Promise<void>((resolve) => (finishRender = resolve));
    const gatedRenderer = createImageRenderer({
      renderFn: async (spec) => {
        renderStarted();
        await gate;
        return renderer.render(spec);
      },
    });
    const server = await createMockServer('aibabe', { clock: createManualClock(), latency: 'instant', seed: 11, contracts, renderer: gatedRenderer });
    const listening = await listen(server.app);
    open.push(listening);
    const body = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Small', buttSize: 'Small', hairColor: 'black', hairStyle: 'Bob' };
    const held = send(listening.port, 'POST', '/v1/agent/cover', aibabeHeaders(server, '/v1/agent/cover', body, 'abort-render-00000000000000000'), body);

    await started;
    held.request.destroy();
    let connections = 1;
    await until(() => {
      listening.server.getConnections((_error, count) => (connections = count));
      return connections === 0;
    }, 'the server to see the client hang up');
    finishRender();
    await until(() => gatedRenderer.stats().entries === 1, 'the render to finish');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(held.answered()).toBe(false);
    expect(await server.context.state.sizes()).toMatchObject({ covers: 0 });
  });
});
