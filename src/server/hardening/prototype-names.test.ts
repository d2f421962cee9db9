/**
 * Names a client chooses (keys, scenarios, languages, models, preferences) are looked up in tables
 * loaded from mocks/ and contracts/; none of them may find what `Object.prototype` carries
 * (`constructor`, `toString`, `__proto__`…) and answer as if it were configured.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { loadGatewayPages } from '../../mocks/index.js';
import { createManualClock } from '../../sim/clock.js';
import { createAibabeHarness } from '../../upstreams/aibabe/test-helpers/aibabe-harness.js';
import type { UpstreamId } from '../../app/create-mock-servers.js';
import { createMockServer, type MockServer } from '../../app/create-mock-servers.js';
import { PROTOTYPE_NAMES } from '../../test-helpers/fuzz/index.js';

const contracts = await loadContracts();
const renderer = createImageRenderer();
const UPSTREAMS: UpstreamId[] = ['aibabe', 'chatfire', 'dify'];

function server(id: UpstreamId): Promise<MockServer> {
  return createMockServer(id, { clock: createManualClock(), latency: 'instant', seed: 3, contracts, renderer });
}

/** A POST that passes authentication, with a `Prefer` header. */
async function authenticatedPost(id: UpstreamId, prefer: string) {
  if (id === 'aibabe') {
    const aibabe = await createAibabeHarness({ contracts, renderer });
    return aibabe.call('/v1/config/options', { namespace: 'custom_agent' }, { prefer });
  }
  const s = await server(id);
  const path = id === 'chatfire' ? '/v1/images/generations' : '/v1/workflows/run';
  return request(s.app).post(path).set('Authorization', `Bearer ${s.demo.apiKey}`).set('Prefer', prefer).send({});
}

/** Each option's code and label, by group (preview URLs name the per-request port). */
function labels(data: Record<string, { code: string; label: unknown }[]>) {
  return Object.entries(data).map(([group, items]) => [group, items.map(({ code, label }) => [code, label])]);
}

const everyUpstreamAndName = UPSTREAMS.flatMap((id) => PROTOTYPE_NAMES.map((name) => [id, name] as const));

describe('scenario names', () => {
  it.each(everyUpstreamAndName)('%s answers Prefer: scenario=%s with the documented 422 unknown scenario', async (id, name) => {
    const res = await authenticatedPost(id, `scenario=${name}`);
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('Unknown scenario');
  });

  it.each(everyUpstreamAndName)('%s refuses PUT /__pixmock/scenario {"name": "%s"} with 422 and keeps none active', async (id, name) => {
    const s = await server(id);
    const res = await request(s.app).put('/__pixmock/scenario').send({ name });
    expect(res.status).toBe(422);
    expect(s.context.activeScenario()).toBeUndefined();
  });
});

describe('credentials', () => {
  it.each(PROTOTYPE_NAMES)('chatfire answers Bearer %s as an invalid token (401)', async (name) => {
    const s = await server('chatfire');
    const res = await request(s.app).post('/v1/images/generations').set('Authorization', `Bearer ${name}`).send({ model: 'seedream-3.0', prompt: 'a fox' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(contracts.upstream('chatfire').errors.render('unauthorized_invalid_token').body);
  });

  it.each(PROTOTYPE_NAMES)('Dify answers Bearer %s as an invalid key (401)', async (name) => {
    const s = await server('dify');
    const res = await request(s.app).get('/v1/info').set('Authorization', `Bearer ${name}`);
    expect(res.status).toBe(401);
  });
});

describe('names in request bodies', () => {
  it.each(PROTOTYPE_NAMES)('aibabe config/options with language "%s" falls back to the default language labels', async (language) => {
    const aibabe = await createAibabeHarness({ contracts, renderer });
    const english = await aibabe.call('/v1/config/options', { namespace: 'custom_agent' });
    const res = await aibabe.call('/v1/config/options', { namespace: 'custom_agent', language });
    expect(res.body.success).toBe(true);
    expect(labels(res.body.data)).toEqual(labels(english.body.data));
  });

  it.each(PROTOTYPE_NAMES)('aibabe config/options with namespace "%s" answers unsupported_namespace', async (namespace) => {
    const aibabe = await createAibabeHarness({ contracts, renderer });
    const res = await aibabe.call('/v1/config/options', { namespace });
    expect(res.body.message).toBe((contracts.upstream('aibabe').errors.render('unsupported_namespace').body as { message: string }).message);
  });

  it.each(PROTOTYPE_NAMES)('chatfire answers model "%s" as an unknown model', async (model) => {
    const s = await server('chatfire');
    const res = await request(s.app).post('/v1/images/generations').set('Authorization', `Bearer ${s.demo.apiKey}`).send({ model, prompt: 'a fox' });
    expect(res.status).toBe(400);
  });
});

describe('tables loaded from mocks/ and contracts/', () => {
  it.each(UPSTREAMS)('%s: no scenario, key, catalogue error or latency is found under a prototype name', async (id) => {
    const { context } = await server(id);
    for (const name of PROTOTYPE_NAMES) {
      expect(context.mocks.scenarios[name]).toBeUndefined();
      expect(context.mocks.latency[name]).toBeUndefined();
      expect(context.contract.errors.has(name)).toBe(false);
      expect((await loadGatewayPages())[name]).toBeUndefined();
    }
  });

  it.each(PROTOTYPE_NAMES)('a response with Content-Type "%s" is not documented', (name) => {
    const result = contracts.validateResponse('chatfire', 'createImageGeneration', { status: 200, contentType: name, body: {} });
    expect(result.valid).toBe(false);
  });
});
