import sharp from 'sharp';
import request, { type Test } from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioDefinition } from '../../mocks/index.js';
import { createAibabeHarness, tick, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const COVER = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' };
const EVERY_OPERATION_SAMPLE = ['chatImage', 'uploadReferenceImage'];
const h: AibabeHarness = await createAibabeHarness();
const scenarios = Object.entries(h.ctx.mocks.scenarios as Record<string, ScenarioDefinition>);
/** A scenario's own operations; one JSON and the multipart operation stand in for "every operation". */
const operationsOf = (scenario: ScenarioDefinition) => scenario.operations ?? EVERY_OPERATION_SAMPLE;
const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();

/**
 * A valid request for each operation, prepared with whatever it depends on (conversation, cover).
 * Wrapped in an object: awaiting a supertest Test itself would send it.
 */
async function validRequest(operationId: string, prefer?: string): Promise<{ test: Test }> {
  const agentId = h.demo.agentId!;
  switch (operationId) {
    case 'createConversation':
      return { test: h.post('/v1/chat/conversation', { agentId }, { prefer }) };
    case 'chatImage':
      return { test: h.post('/v1/chat/image', { agentId, conversationId: await h.conversationFor(agentId), text: '一只猫', language: 'zh', metadata: {} }, { prefer }) };
    case 'agentCover':
      return { test: h.post('/v1/agent/cover', COVER, { prefer }) };
    case 'createAgent': {
      const { coverId } = (await h.call('/v1/agent/cover', COVER)).body.data;
      return { test: h.post('/v1/agent/create', { ...COVER, coverId, name: 'Mei', voiceId: 'female_voice_02', language: 'en' }, { prefer }) };
    }
    case 'listAgents':
      return { test: h.post('/v1/agent/list', {}, { prefer }) };
    case 'configOptions':
      return { test: h.post('/v1/config/options', { namespace: 'custom_agent' }, { prefer }) };
    default:
      return { test: h.post('/v1/agent/reference-image', undefined, { prefer }).attach('file', png, 'ref.png') };
  }
}

describe('aibabe scenarios', () => {
  beforeAll(() => h.server.reset());
  beforeEach(() => h.server.reset());

  const errorCases = scenarios
    .filter(([, scenario]) => scenario.error)
    .flatMap(([name, scenario]) => operationsOf(scenario).map((operationId) => [name, operationId, scenario] as const));
  it.each(errorCases)('answers the catalogue error of scenario %s on %s', async (name, operationId, scenario) => {
    const res = await h.settle((await validRequest(operationId, `scenario=${name}`)).test, 300_000);
    const expected = h.ctx.contract.errors.render(scenario.error!, scenario.params);
    expect(res.status).toBe(expected.status);
    expect(res.body).toMatchObject({ ...(expected.body as object), data: null });
    h.expectContract(operationId, res);
  });

  const behaviourCases = scenarios
    .filter(([, scenario]) => scenario.behavior)
    .flatMap(([name, scenario]) => operationsOf(scenario).map((operationId) => [name, operationId] as const));
  it.each(behaviourCases)('answers a documented failure for behaviour scenario %s on %s', async (name, operationId) => {
    const res = await h.settle((await validRequest(operationId, `scenario=${name}`)).test, 300_000);
    expect(res.body).toMatchObject({ success: false, code: 10500, data: null });
    h.expectContract(operationId, res);
  });

  it.each([
    ['gateway_502', 502, '502 Bad Gateway'],
    ['gateway_504', 504, '504 Gateway Time-out'],
  ])('answers the HTML page of a gateway for %s', async (name, status, title) => {
    const res = await h.settle((await validRequest('chatImage', `scenario=${name}`)).test);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain(`<title>${title}</title>`);
    h.expectContract('chatImage', res);
  });

  it('resets the connection mid-response for connection_reset', async () => {
    const { test } = await validRequest('createConversation', 'scenario=connection_reset');
    const outcome = await test.then(
      () => 'answered',
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/socket hang up|ECONNRESET|aborted/);
  });

  it.each([
    ['chatImage', 120_000],
    ['agentCover', 350_000],
  ])('keeps %s unanswered past the documented %i ms client timeout with slow_beyond_client_timeout', async (operationId, clientTimeoutMs) => {
    let answered = false;
    const pending = (await validRequest(operationId, 'scenario=slow_beyond_client_timeout')).test.then((res) => {
      answered = true;
      return res;
    });
    await tick();
    await h.clock.advance(clientTimeoutMs);
    await tick();
    expect(answered).toBe(false);
    const res = await h.settle(pending, 100_000);
    expect(res.body.success).toBe(true);
  });

  it('applies a scenario set through the admin API to every request until reset', async () => {
    const put = await request(h.app).put('/__pixmock/scenario').send({ name: 'agent_not_found' });
    expect(put.status).toBe(200);
    const conversation = await h.settle((await validRequest('createConversation')).test);
    expect(conversation.body.message).toBe('Agent not found');
    const options = await h.settle((await validRequest('configOptions')).test);
    expect(options.body.success).toBe(true);
    await request(h.app).post('/__pixmock/reset').set('Content-Type', 'application/json');
    expect((await h.settle((await validRequest('createConversation')).test)).body.success).toBe(true);
  });

  it('answers a problem document for an unknown scenario', async () => {
    const res = await h.settle((await validRequest('listAgents', 'scenario=no_such_thing')).test);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('Prefer: code=', () => {
  it.each([
    ['chatImage', 401, 'Invalid signature'],
    ['chatImage', 500, 'Internal server error'],
    ['createConversation', 400, 'Invalid JSON body'],
    ['agentCover', 500, 'Internal server error'],
  ])('answers %s with a documented %i body without unfilled placeholders', async (operationId, status, message) => {
    const res = await h.settle((await validRequest(operationId, `code=${status}`)).test);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ success: false, message });
    h.expectContract(operationId, res);
  });
});
