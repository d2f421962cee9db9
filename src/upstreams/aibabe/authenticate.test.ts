import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAibabeHarness, START_MS, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const CONVERSATION = '/v1/chat/conversation';
const DEMO_AGENT = '6280fa08-e2ee-467f-ac48-e88a683ea65a';
const nowSeconds = (h: AibabeHarness) => Math.floor(h.clock.now() / 1000);

describe('aibabe authentication', () => {
  let h: AibabeHarness;
  beforeAll(async () => {
    h = await createAibabeHarness();
  });
  beforeEach(() => h.server.reset());

  it.each([
    ['Authorization', { omit: ['authorization'] }, 'Missing required header: Authorization'],
    ['X-Timestamp', { omit: ['x-timestamp'] }, 'Missing required header: X-Timestamp'],
    ['X-Signature', { omit: ['x-signature'] }, 'Missing required header: X-Signature'],
    ['X-Request-ID', { omit: ['x-request-id'] }, 'Missing required header: X-Request-ID'],
    ['X-User-ID', { omit: ['x-user-id'] }, 'Missing required header: X-User-ID'],
    ['a Basic Authorization', { headers: { Authorization: 'Basic cGs6c2s=' } }, 'Malformed header: Authorization'],
    ['a non-numeric X-Timestamp', { headers: { 'X-Timestamp': '2026-01-01T00:00:00Z' } }, 'Malformed header: X-Timestamp'],
    ['an unknown key', { apiKey: 'pk_never_issued' }, 'Unknown API key'],
    ['a signature made with the wrong secret', { apiSecret: 'sk_wrong_secret_123' }, 'Invalid signature'],
    ['an X-User-ID changed after signing', { headers: { 'X-User-ID': 'someone-else' } }, 'Invalid signature'],
  ])('answers HTTP 401 for %s', async (_case, options, message) => {
    const res = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, options);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 10401, success: false, message, data: null });
    h.expectContract('createConversation', res);
  });

  it.each([
    ['more than 5 minutes old', -301],
    ['more than 5 minutes ahead', 301],
  ])('rejects a timestamp %s and accepts one just inside the window', async (_case, offsetSeconds) => {
    const outside = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { timestamp: nowSeconds(h) + offsetSeconds });
    expect(outside.status).toBe(401);
    expect(outside.body.message).toBe('Request timestamp expired');
    const inside = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { timestamp: nowSeconds(h) + Math.sign(offsetSeconds) * 299 });
    expect(inside.body.success).toBe(true);
  });

  it('lets the simulated clock push a signed request out of the window', async () => {
    const timestamp = nowSeconds(h);
    await h.clock.advance(300_001);
    const res = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { timestamp });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Request timestamp expired');
  });

  it('rejects a replayed X-Request-ID for the same key inside the window, and forgets it after', async () => {
    const first = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { requestId: 'r'.repeat(32) });
    expect(first.body.success).toBe(true);
    const replay = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { requestId: 'r'.repeat(32) });
    expect(replay.status).toBe(401);
    expect(replay.body.message).toBe('Duplicate request ID');
    h.expectContract('createConversation', replay);
    await h.clock.advance(300_001);
    const later = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { requestId: 'r'.repeat(32) });
    expect(later.body.success).toBe(true);
  });

  it('keeps request ids apart per key', async () => {
    await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { requestId: 'shared-id' });
    const otherKey = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { requestId: 'shared-id', apiKey: 'pk_throttled_aibabe', apiSecret: 'sk_throttled_aibabe_5e1a7c3f9d2b8046' });
    expect(otherKey.body.success).toBe(true);
  });

  it.each([
    ['a disabled key', 'pk_disabled_aibabe', 'sk_disabled_aibabe_2a8e6f0c4d1b9e37', 'Invalid API key'],
    ['a key whose quota is used up', 'pk_exhausted_aibabe', 'sk_exhausted_aibabe_9b4d2f7a1c6e0835', 'API key usage limit reached'],
  ])('answers HTTP 200 success:false for %s', async (_case, apiKey, apiSecret, message) => {
    const res = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { apiKey, apiSecret });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 10400, success: false, message, data: null });
    h.expectContract('createConversation', res);
  });

  it('empties the token bucket after its capacity and refills it with simulated time', async () => {
    const throttled = { apiKey: 'pk_throttled_aibabe', apiSecret: 'sk_throttled_aibabe_5e1a7c3f9d2b8046' };
    const messages = [];
    for (let i = 0; i < 3; i += 1) messages.push((await h.call(CONVERSATION, { agentId: DEMO_AGENT }, throttled)).body.message);
    expect(messages).toEqual(['OK', 'OK', 'Too many requests, please try again later']);
    await h.clock.advance(9_000);
    expect((await h.call(CONVERSATION, { agentId: DEMO_AGENT }, throttled)).body.success).toBe(false);
    await h.clock.advance(1_000);
    const refilled = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, throttled);
    expect(refilled.body.success).toBe(true);
    h.expectContract('createConversation', refilled);
  });

  it('counts successful calls against the quota and stops at the limit', async () => {
    const demo = h.state.mocks.keys.find((key) => key.apiKey === h.demo.apiKey)!;
    const used = demo.used;
    demo.used = demo.usageLimit - 1;
    try {
      expect((await h.call(CONVERSATION, { agentId: DEMO_AGENT })).body.success).toBe(true);
      const res = await h.call(CONVERSATION, { agentId: DEMO_AGENT });
      expect(res.body.message).toBe('API key usage limit reached');
    } finally {
      demo.used = used;
    }
  });

  it('forgets usage, buckets and request ids on POST /__pixmock/reset', async () => {
    const throttled = { apiKey: 'pk_throttled_aibabe', apiSecret: 'sk_throttled_aibabe_5e1a7c3f9d2b8046' };
    await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { ...throttled, requestId: 'once' });
    await h.call(CONVERSATION, { agentId: DEMO_AGENT }, throttled);
    expect((await h.call(CONVERSATION, { agentId: DEMO_AGENT }, throttled)).body.success).toBe(false);
    h.server.reset();
    const res = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { ...throttled, requestId: 'once' });
    expect(res.body.success).toBe(true);
  });

  it('checks the signature over the canonical query string', async () => {
    const res = await h.call(CONVERSATION, { agentId: DEMO_AGENT }, { query: { b: '2', a: '1', empty: '' } });
    expect(res.body.success).toBe(true);
  });

  it('gives every response a fresh 32-character traceId and the clock as a millisecond string', async () => {
    const a = await h.call(CONVERSATION, { agentId: DEMO_AGENT });
    const b = await h.call(CONVERSATION, {});
    expect(a.body.traceId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(b.body.traceId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(a.body.traceId).not.toBe(b.body.traceId);
    expect([a.body.timestamp, b.body.timestamp]).toEqual([String(h.clock.now()), String(h.clock.now())]);
    expect(h.clock.now()).toBeGreaterThanOrEqual(START_MS);
  });
});
