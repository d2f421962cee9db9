import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAibabeHarness, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const ids = (res: { body: { data: { items: { agentId: string }[] } } }) => res.body.data.items.map((item) => item.agentId);

describe('POST /v1/agent/list', () => {
  let h: AibabeHarness;
  beforeAll(async () => {
    h = await createAibabeHarness();
  });
  beforeEach(() => h.server.reset());

  it.each([
    ['user-demo', ['6750404c-7915-4586-b5ad-0b3cc9390658', '214d0fc9-f428-4fb6-9bd3-ef32f17f3944', '6280fa08-e2ee-467f-ac48-e88a683ea65a']],
    ['user-other', ['64d633af-bb4f-4994-bc36-5b34dec20dd6', '6280fa08-e2ee-467f-ac48-e88a683ea65a']],
    ['someone-new', ['6280fa08-e2ee-467f-ac48-e88a683ea65a']],
  ])('lists public agents and the own agents of %s, newest first', async (userId, expected) => {
    const res = await h.call('/v1/agent/list', {}, { userId });
    expect(ids(res)).toEqual(expected);
    expect(res.body.data).toMatchObject({ total: expected.length, page: 1, pageSize: 20 });
    h.expectContract('listAgents', res);
  });

  it('accepts a request without a body and makes cover URLs absolute on its own origin', async () => {
    const res = await h.call('/v1/agent/list');
    expect(res.body.success).toBe(true);
    const demo = res.body.data.items.find((item: { agentId: string }) => item.agentId === h.demo.agentId);
    expect(demo.coverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/static\/covers\/6280fa08-e2ee-467f-ac48-e88a683ea65a\.png$/);
  });

  it('pages through the list', async () => {
    const page2 = await h.call('/v1/agent/list', { page: 2, pageSize: 2 });
    expect(page2.body.data).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(ids(page2)).toEqual(['6280fa08-e2ee-467f-ac48-e88a683ea65a']);
    h.expectContract('listAgents', page2);
  });

  it.each([
    [{ pageSize: 101 }, 'pageSize must be <= 100'],
    [{ page: 0 }, 'page must be >= 1'],
    [{ page: 'one' }, 'page must be integer'],
  ])('answers 10400 for %j', async (body, message) => {
    const res = await h.call('/v1/agent/list', body);
    expect(res.body).toMatchObject({ code: 10400, success: false, message });
    h.expectContract('listAgents', res);
  });
});
