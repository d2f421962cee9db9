/**
 * Bad input gets the upstream's documented error — invalid JSON, wrong types, a 10 MB body — and
 * the server keeps serving afterwards.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../auth/index.js';
import { formatDiagnostic, loadContracts, type ContractRegistry } from '../contracts/index.js';
import { createManualClock } from '../sim/clock.js';
import { createMockServer, type MockServer } from '../app/create-mock-servers.js';

const TEN_MB = `{"prompt":"${'x'.repeat(10 * 1024 * 1024)}"}`;

interface Target {
  upstream: 'aibabe' | 'chatfire' | 'dify';
  operationId: string;
  path: string;
  wrongTypes: Record<string, unknown>;
  authHeaders(server: MockServer, body: unknown): Record<string, string>;
}

const TARGETS: Target[] = [
  {
    upstream: 'aibabe',
    operationId: 'chatImage',
    path: '/v1/chat/image',
    wrongTypes: { agentId: 123, conversationId: [], text: { a: 1 }, language: 5 },
    authHeaders: (server, body) =>
      signRequest({ apiKey: server.demo.apiKey ?? '', apiSecret: server.demo.apiSecret ?? '', userId: server.demo.userId ?? '', method: 'POST', path: '/v1/chat/image', body, now: () => server.context.sim.clock.now() }),
  },
  {
    upstream: 'chatfire',
    operationId: 'createImageGeneration',
    path: '/v1/images/generations',
    wrongTypes: { model: 42, prompt: false, n: 'two' },
    authHeaders: (server) => ({ Authorization: `Bearer ${server.demo.apiKey}` }),
  },
  {
    upstream: 'dify',
    operationId: 'runWorkflow',
    path: '/v1/workflows/run',
    wrongTypes: { inputs: 'prompt', response_mode: 1, user: ['u'] },
    authHeaders: (server) => ({ Authorization: `Bearer ${server.demo.apiKey}` }),
  },
];

let contracts: ContractRegistry;
beforeAll(async () => {
  contracts = await loadContracts();
});

describe.each(TARGETS)('malformed bodies on $upstream $operationId', (target) => {
  let server: MockServer;
  beforeAll(async () => {
    server = await createMockServer(target.upstream, { clock: createManualClock(), seed: 3, latency: 'instant', contracts });
  });

  function expectDocumented(response: request.Response, catalogueId?: string) {
    const result = contracts.validateResponse(target.upstream, target.operationId, {
      status: response.status,
      contentType: response.headers['content-type'],
      body: response.body,
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+|Error:/);
    if (catalogueId) {
      const documented = contracts.upstream(target.upstream).errors.render(catalogueId, {});
      expect(response.status).toBe(documented.status);
      expect((response.body as { message?: unknown; error?: { message?: unknown } }).message ?? response.body.error?.message).toBeDefined();
    }
  }

  it('answers invalid JSON with the upstream invalid_json error', async () => {
    const response = await request(server.app).post(target.path).set(target.authHeaders(server, undefined)).set('Content-Type', 'application/json').send('{"prompt": ');
    expectDocumented(response, 'invalid_json');
  });

  it('answers a 10 MB body with the upstream payload_too_large error', async () => {
    const response = await request(server.app).post(target.path).set(target.authHeaders(server, undefined)).set('Content-Type', 'application/json').send(TEN_MB);
    expectDocumented(response, 'payload_too_large');
  });

  it('answers wrongly typed fields with the upstream validation error', async () => {
    const response = await request(server.app).post(target.path).set(target.authHeaders(server, target.wrongTypes)).send(target.wrongTypes);
    expectDocumented(response);
    expect(JSON.stringify(response.body)).toMatch(/agentId|model|inputs|user|response_mode|prompt/);
  });

  it('keeps serving after all of that', async () => {
    const health = await request(server.app).get('/__pixmock/health');
    expect(health.status).toBe(200);
    expect(server.context.journal.list().length).toBeGreaterThanOrEqual(3);
  });
});
