import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPlaceholderInfo, readPngSize } from '../../imaging/index.js';
import { createAibabeHarness, decodeDataUrl, editedMocksDir, tick, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const CHAT_IMAGE = '/v1/chat/image';
const DEMO_AGENT = '6280fa08-e2ee-467f-ac48-e88a683ea65a';
const NO_CONFIG_AGENT = '214d0fc9-f428-4fb6-9bd3-ef32f17f3944';
const BROKEN_WORKFLOW_AGENT = '6750404c-7915-4586-b5ad-0b3cc9390658';
const OTHER_USERS_AGENT = '64d633af-bb4f-4994-bc36-5b34dec20dd6';
const SEED_TEXT = '一个穿着红色连衣裙的女孩站在樱花树下';
const INVALID_PROMPT_MESSAGE =
  'Cannot execute because a node is missing the class_type property.. Raw response: {"error": {"type": "invalid_prompt", "message": "Cannot execute because a node is missing the class_type property.", "details": "Node ID \'#5\'", "extra_info": {}}, "node_errors": {}}';
const MISSING_NODE_TYPE_MESSAGE =
  'Node \'ID #5\' has no class_type. The workflow may be corrupted or a custom node is missing.. Raw response: {"error": {"type": "missing_node_type", "message": "Node \'ID #5\' has no class_type. The workflow may be corrupted or a custom node is missing.", "details": "Node ID \'#5\'", "extra_info": {"node_id": "5", "class_type": null, "node_title": null}}, "node_errors": {}}';

describe('POST /v1/chat/image', () => {
  let h: AibabeHarness;
  beforeAll(async () => {
    h = await createAibabeHarness({ latency: 'realistic' });
  });
  beforeEach(() => h.server.reset());

  it('answers a PNG data URL of the documented size whose text chunk records the prompt', async () => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    const res = await h.call(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: SEED_TEXT, language: 'zh', metadata: {} }, undefined);
    expect(res.body).toMatchObject({ code: 10200, success: true, message: 'OK', data: { metadata: {} } });
    h.expectContract('chatImage', res);
    const png = decodeDataUrl(res.body.data.base64Image);
    expect(readPngSize(png)).toEqual({ width: 768, height: 1024 });
    expect(readPlaceholderInfo(png)).toMatchObject({
      upstream: 'aibabe',
      operation: 'chatImage',
      seed: 1,
      prompt: SEED_TEXT,
      inputs: { agentId: DEMO_AGENT, conversationId, language: 'zh', metadata: {} },
    });
  });

  it('echoes metadata unchanged, key order and nesting included', async () => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    const metadata = { z: 1, a: { y: [true, null, 'x'], b: '中文' }, m: 1.5 };
    const res = await h.call(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: 'a cat', language: 'en', metadata });
    const raw = res.text.slice(res.text.indexOf('"metadata":') + '"metadata":'.length);
    expect(raw.startsWith(JSON.stringify(metadata))).toBe(true);
  });

  it('answers {} as metadata when the request has none, as the seed client sends it', async () => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    const res = await h.call(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: SEED_TEXT, language: 'zh' });
    expect(res.body.data.metadata).toEqual({});
  });

  it('holds the connection at least 30 s and answers by 90 s of simulated time', async () => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    for (let i = 0; i < 3; i += 1) {
      const res = await h.heldUntil(h.post(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: 'bounds', language: 'en' }), 29_999, 90_000);
      expect(res.body.success).toBe(true);
    }
  });

  it('stops quietly when the client disconnects during generation', async () => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    const pending = h.post(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: 'gone', language: 'en' }).timeout(50).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await tick(120);
    expect(await pending).toMatch(/Timeout/);
    await tick();
    // The simulated wait was cancelled with the connection, and nothing was ever written.
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.ctx.journal.list({ operationId: 'chatImage' }).map((entry) => entry.status)).toEqual([undefined]);
  });

  it.each([
    ['an unknown agent', 'no-such-agent', DEMO_AGENT, 10404, 'Agent not found'],
    ["another user's agent", OTHER_USERS_AGENT, OTHER_USERS_AGENT, 10404, 'Agent not found'],
    ['an agent without image config', NO_CONFIG_AGENT, NO_CONFIG_AGENT, 10500, 'Agent missing image generation config'],
    ['a workflow node without class_type', BROKEN_WORKFLOW_AGENT, BROKEN_WORKFLOW_AGENT, 10500, INVALID_PROMPT_MESSAGE],
  ])('answers HTTP 200 success:false at once for %s', async (_case, agentId, conversationAgent, code, message) => {
    const conversation = await h.call('/v1/chat/conversation', { agentId: conversationAgent }, conversationAgent === OTHER_USERS_AGENT ? { userId: 'user-other' } : {});
    const conversationId = conversation.body.data.conversationId as string;
    const res = await h.call(CHAT_IMAGE, { agentId, conversationId, text: 'x', language: 'en' }, undefined);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, success: false, message, data: null });
    h.expectContract('chatImage', res);
  });

  it.each([
    ['an unknown conversationId', async () => 'conv-uuid'],
    ["another agent's conversation", async () => (await h.call('/v1/chat/conversation', { agentId: BROKEN_WORKFLOW_AGENT })).body.data.conversationId],
    ["another user's conversation", async () => (await h.call('/v1/chat/conversation', { agentId: DEMO_AGENT }, { userId: 'user-123' })).body.data.conversationId],
  ])('answers "Conversation not found" for %s', async (_case, conversationId) => {
    const res = await h.call(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId: await conversationId(), text: 'x', language: 'en' });
    expect(res.body).toMatchObject({ code: 10404, success: false, message: 'Conversation not found' });
    h.expectContract('chatImage', res);
  });

  it.each([
    [{ conversationId: 'c', text: 't', language: 'en' }, 'agentId is required'],
    [{ agentId: DEMO_AGENT, text: 't', language: 'en' }, 'conversationId is required'],
    [{ agentId: DEMO_AGENT, conversationId: 'c', language: 'en' }, 'text is required'],
    [{ agentId: DEMO_AGENT, conversationId: 'c', text: 't' }, 'language is required'],
    [{ agentId: DEMO_AGENT, conversationId: 'c', text: '', language: 'en' }, 'text must NOT have fewer than 1 characters'],
    [{ agentId: 42, conversationId: 'c', text: 't', language: 'en' }, 'agentId must be string'],
    [{ agentId: DEMO_AGENT, conversationId: 'c', text: 't', language: 'en', metadata: [] }, 'metadata must be object'],
  ])('answers 10400 naming the field for %j', async (body, message) => {
    const res = await h.call(CHAT_IMAGE, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 10400, success: false, message });
    h.expectContract('chatImage', res);
  });

  it.each([
    ['comfy_invalid_prompt', INVALID_PROMPT_MESSAGE],
    ['comfy_missing_node_type', MISSING_NODE_TYPE_MESSAGE],
    ['comfy_prompt_no_outputs', 'Prompt has no outputs. Raw response: {"error": {"type": "prompt_no_outputs", "message": "Prompt has no outputs", "details": "", "extra_info": {}}, "node_errors": {}}'],
  ])('answers the ComfyUI wording of scenario %s for a working agent', async (scenario, message) => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    const res = await h.call(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: 'x', language: 'en' }, { prefer: `scenario=${scenario}` });
    expect(res.body).toMatchObject({ code: 10500, success: false, message });
    h.expectContract('chatImage', res);
  });

  it('fails a RunPod job only after the generation time with scenario runpod_failure', async () => {
    const conversationId = await h.conversationFor(DEMO_AGENT);
    const res = await h.heldUntil(
      h.post(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId, text: 'x', language: 'en' }, { prefer: 'scenario=runpod_failure' }),
      29_000,
      90_000,
    );
    expect(res.body).toMatchObject({ code: 10500, success: false, message: 'Image generation failed' });
    h.expectContract('chatImage', res);
  });
});

describe('POST /v1/chat/image with edited mocks', () => {
  it('uses the newer missing_node_type wording when comfyui-errors.yaml makes it the default', async () => {
    const mocksDir = await editedMocksDir({ 'aibabe/comfyui-errors.yaml': (text) => text.replace('default: invalid_prompt', 'default: missing_node_type') });
    const h = await createAibabeHarness({ mocksDir });
    const conversationId = await h.conversationFor(BROKEN_WORKFLOW_AGENT);
    const res = await h.call(CHAT_IMAGE, { agentId: BROKEN_WORKFLOW_AGENT, conversationId, text: 'x', language: 'en' });
    expect(res.body.message).toBe(MISSING_NODE_TYPE_MESSAGE);
  });

  it('accepts any conversationId when limits.requireKnownConversation is false', async () => {
    const mocksDir = await editedMocksDir({ 'aibabe/limits.yaml': (text) => text.replace('requireKnownConversation: true', 'requireKnownConversation: false') });
    const h = await createAibabeHarness({ mocksDir });
    const res = await h.call(CHAT_IMAGE, { agentId: DEMO_AGENT, conversationId: 'conv-uuid', text: SEED_TEXT, language: 'zh', metadata: {} });
    expect(res.body.success).toBe(true);
    h.expectContract('chatImage', res);
  });
});
