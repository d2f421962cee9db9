import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAibabeHarness, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const DEMO_AGENT = '6280fa08-e2ee-467f-ac48-e88a683ea65a';
const OTHER_USERS_AGENT = '64d633af-bb4f-4994-bc36-5b34dec20dd6';

describe('POST /v1/chat/conversation', () => {
  let h: AibabeHarness;
  beforeAll(async () => {
    h = await createAibabeHarness({ latency: 'realistic' });
  });
  beforeEach(() => h.server.reset());

  it('answers a UUID conversationId, the same one again for the same user and agent', async () => {
    const first = await h.call('/v1/chat/conversation', { agentId: DEMO_AGENT });
    expect(first.body).toMatchObject({ code: 10200, success: true, message: 'OK' });
    expect(first.body.data.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    h.expectContract('createConversation', first);
    const again = await h.call('/v1/chat/conversation', { agentId: DEMO_AGENT });
    expect(again.body.data.conversationId).toBe(first.body.data.conversationId);
    const otherUser = await h.call('/v1/chat/conversation', { agentId: DEMO_AGENT }, { userId: 'user-123' });
    expect(otherUser.body.data.conversationId).not.toBe(first.body.data.conversationId);
  });

  it.each([
    ['no agentId', {}, 10400, 'agentId is required'],
    ['an empty agentId', { agentId: '' }, 10400, 'agentId must NOT have fewer than 1 characters'],
    ['an unknown agent', { agentId: 'agent-uuid' }, 10404, 'Agent not found'],
    ["another user's agent", { agentId: OTHER_USERS_AGENT }, 10404, 'Agent not found'],
  ])('answers HTTP 200 success:false for %s', async (_case, body, code, message) => {
    const res = await h.call('/v1/chat/conversation', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, success: false, message, data: null });
    h.expectContract('createConversation', res);
  });

  it.each([
    ['a body that is not JSON', '{"agentId":', 400, 'Invalid JSON body'],
    ['a JSON body over 1 MiB', JSON.stringify({ agentId: 'x'.repeat(1024 * 1024) }), 413, 'Request body too large'],
  ])('answers the generic error for %s', async (_case, raw, status, message) => {
    const res = await h.post('/v1/chat/conversation', undefined).set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ success: false, message, data: null });
    h.expectContract('createConversation', res);
  });

  it("refuses a JSON body over --max-body-bytes when it is smaller than the contract's x-pixmock-body-limit", async () => {
    const limited = await createAibabeHarness({ limits: { bodyBytes: 2048 } });
    const fits = await limited.call('/v1/chat/conversation', { agentId: DEMO_AGENT, padding: 'x'.repeat(1500) });
    expect(fits.body).toMatchObject({ success: true });
    const over = await limited.call('/v1/chat/conversation', { agentId: DEMO_AGENT, padding: 'x'.repeat(2100) });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ code: 10413, success: false, message: 'Request body too large' });
    limited.expectContract('createConversation', over);
  });

  it('answers HTTP 404 in the envelope for an unknown route', async () => {
    const res = await h.call('/v1/chat/images', {});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 10404, success: false, message: 'Route not found: POST /v1/chat/images' });
    expect(res.body.traceId).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
