import request from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPlaceholderInfo } from '../../imaging/index.js';
import { checkWorkflow } from './comfy-workflow.js';
import { createAibabeHarness, decodeDataUrl, type AibabeHarness, type SignedCallOptions } from './test-helpers/aibabe-harness.js';

const COVER = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' };
const AGENT = { ...COVER, name: 'Sakura', voiceId: 'female_voice_01', language: 'zh', personality: 'Flirty', occupation: 'Photographer', relationship: 'Girlfriend', fetish: 'Dominant' };
const THIRTY_MINUTES = 30 * 60_000;

describe('POST /v1/agent/create', () => {
  let h: AibabeHarness;
  const newCover = async (options?: SignedCallOptions) => {
    const res = await h.call('/v1/agent/cover', COVER, options);
    expect(res.body.success).toBe(true);
    return res.body.data as { coverId: string; imageData: string };
  };
  beforeAll(async () => {
    h = await createAibabeHarness();
  });
  beforeEach(() => h.server.reset());

  it('creates an agent that chats, is listed for its creator only and serves its cover', async () => {
    const { coverId, imageData } = await newCover();
    const created = await h.call('/v1/agent/create', { ...AGENT, coverId });
    expect(created.body).toMatchObject({ code: 10200, success: true, message: 'OK' });
    h.expectContract('createAgent', created);
    const { agentId } = created.body.data as { agentId: string };

    const conversationId = await h.conversationFor(agentId);
    const image = await h.call('/v1/chat/image', { agentId, conversationId, text: '在海边散步', language: 'zh', metadata: { turn: 1 } });
    expect(image.body.success).toBe(true);
    h.expectContract('chatImage', image);
    expect(readPlaceholderInfo(decodeDataUrl(image.body.data.base64Image))?.inputs).toMatchObject({ agentId });

    const listed = await h.call('/v1/agent/list', {});
    const item = listed.body.data.items.find((candidate: { agentId: string }) => candidate.agentId === agentId);
    expect(item).toMatchObject({ name: 'Sakura', gender: 'female', language: 'zh', createdAt: String(h.clock.now()) });
    const otherUser = await h.call('/v1/agent/list', {}, { userId: 'user-123' });
    expect(otherUser.body.data.items.map((candidate: { agentId: string }) => candidate.agentId)).not.toContain(agentId);
    const served = await request(h.app).get(new URL(item.coverUrl).pathname);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, decodeDataUrl(imageData))).toBe(0);
  });

  it('gives the agent a system-written workflow that ComfyUI would accept', async () => {
    const { coverId } = await newCover();
    const { agentId } = (await h.call('/v1/agent/create', { ...AGENT, coverId })).body.data;
    const agent = await h.state.agents.get(agentId);
    const workflow = agent?.comfyPrompt;
    expect(workflow).toBeTruthy();
    expect(checkWorkflow(workflow!, h.state.mocks['comfyui-errors'])).toEqual({ ok: true });
    const texts = Object.values(workflow!).map((node) => node?.inputs.text).filter(Boolean);
    expect(texts.some((text) => String(text).startsWith('Sakura · female'))).toBe(true);
    expect(Object.values(workflow!).some((node) => node?.inputs.width === 768 && node.inputs.height === 1024)).toBe(true);
  });

  it('keeps a coverId for 30 simulated minutes and then answers "Cover not found or expired"', async () => {
    const early = await newCover();
    await h.clock.advance(THIRTY_MINUTES - 1_000);
    expect((await h.call('/v1/agent/create', { ...AGENT, coverId: early.coverId })).body.success).toBe(true);

    const late = await newCover();
    await h.clock.advance(THIRTY_MINUTES + 1_000);
    const res = await h.call('/v1/agent/create', { ...AGENT, coverId: late.coverId });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 10404, success: false, message: 'Cover not found or expired' });
    h.expectContract('createAgent', res);
  });

  it.each([
    ['a coverId that was never issued', async () => '3f6a9b2e-1c4d-4e8f-a7b2-9d0e1f2a3b4c'],
    ['a coverId already used', async () => {
      const { coverId } = await newCover();
      await h.call('/v1/agent/create', { ...AGENT, coverId });
      return coverId;
    }],
    ["another user's coverId", async () => (await newCover({ userId: 'user-123' })).coverId],
  ])('answers "Cover not found or expired" for %s', async (_case, coverId) => {
    const res = await h.call('/v1/agent/create', { ...AGENT, coverId: await coverId() });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Cover not found or expired');
  });

  it.each([
    ['no name', { name: undefined }, 'name is required'],
    ['no breastSize for a female', { breastSize: undefined }, 'breastSize is required for female'],
    ['no buttSize for a female', { buttSize: undefined }, 'buttSize is required for female'],
    ['a male voice for a female', { voiceId: 'male_voice_01' }, 'Invalid voiceId: male_voice_01'],
    ['an unknown fetish', { fetish: 'Nothing' }, 'Invalid fetish: Nothing'],
    ['a coverId that is not a UUID', { coverId: 'cover-1' }, 'coverId must match format "uuid"'],
  ])('answers HTTP 400 code 10400 for %s', async (_case, change, message) => {
    const { coverId } = await newCover();
    const res = await h.call('/v1/agent/create', { ...AGENT, coverId, ...change });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 10400, success: false, message });
    h.expectContract('createAgent', res);
  });
});
