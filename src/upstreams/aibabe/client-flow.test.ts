/**
 * The documented client flow, run as the docs write it (seed 000 `generateImage`, seed 001
 * `generateAgentCover`: fetch, AbortController timeouts, `result.success` checks) against the mock
 * over a real socket. `buildAuthHeaders` is the docs' helper, implemented with src/auth's signRequest;
 * the relative URLs get the mock's origin in front.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../auth/index.js';
import { isPng, readPlaceholderInfo, readPngSize } from '../../imaging/index.js';
import { createMockServers, type RunningMockServers } from '../../app/create-mock-servers.js';

/** What the docs' client code reads from a response. */
interface Envelope {
  success: boolean;
  message: string;
  data: Record<string, string>;
}

let servers: RunningMockServers;
let BASE_URL = '';
let demo: Record<string, string> = {};

async function buildAuthHeaders(apiKey: string, apiSecret: string, userId: string, body: unknown, path: string) {
  return signRequest({ apiKey, apiSecret, userId, method: 'POST', path, body });
}

async function createConversation(apiKey: string, apiSecret: string, userId: string, agentId: string) {
  const body = { agentId };
  const headers = await buildAuthHeaders(apiKey, apiSecret, userId, body, '/v1/chat/conversation');
  const response = await fetch(`${BASE_URL}/v1/chat/conversation`, { method: 'POST', headers, body: JSON.stringify(body) });
  const result = (await response.json()) as Envelope;
  if (!result.success) throw new Error(result.message);
  return result.data.conversationId as string;
}

// Seed 000, as written (path argument and origin added).
async function generateImage(apiKey: string, apiSecret: string, userId: string, agentId: string, conversationId: string, text: string) {
  const body = { agentId, conversationId, text, language: 'zh' };
  const headers = await buildAuthHeaders(apiKey, apiSecret, userId, body, '/v1/chat/image');

  const controller = new AbortController();
  const timeoutId = setTimeout(() => controller.abort(), 120000); // 120s 超时

  try {
    const response = await fetch(`${BASE_URL}/v1/chat/image`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: controller.signal,
    });

    const result = (await response.json()) as Envelope;
    if (!result.success) { console.error('生成失败:', result.message); return null }

    return result.data.base64Image; // "data:image/png;base64,..."
  } finally {
    clearTimeout(timeoutId);
  }
}

interface CoverParams {
  gender: string; age: string; ethnicity: string; bodyType: string;
  breastSize?: string; buttSize?: string; hairColor: string; hairStyle: string; refImageId?: string;
}

// Seed 001, as written (path argument and origin added).
async function generateAgentCover(apiKey: string, apiSecret: string, userId: string, params: CoverParams) {
  const {
    gender, age, ethnicity, bodyType,
    breastSize, buttSize, hairColor, hairStyle, refImageId
  } = params;
  const body: Record<string, string> = { gender, age, ethnicity, bodyType, hairColor, hairStyle };
  if (breastSize) body.breastSize = breastSize;
  if (buttSize) body.buttSize = buttSize;
  if (refImageId) body.refImageId = refImageId;
  const headers = await buildAuthHeaders(apiKey, apiSecret, userId, body, '/v1/agent/cover');
  const controller = new AbortController();
  const timeoutId = setTimeout(() => controller.abort(), 350000); // 350s 超时
  try {
    const response = await fetch(`${BASE_URL}/v1/agent/cover`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const result = (await response.json()) as Envelope;
    if (!result.success) throw new Error(result.message);
    return {
      coverId: result.data.coverId as string, // 传给创建接口
      imageData: result.data.imageData as string, // 展示给用户确认
    };
  } finally {
    clearTimeout(timeoutId);
  }
}

async function createAgent(apiKey: string, apiSecret: string, userId: string, body: Record<string, string>) {
  const headers = await buildAuthHeaders(apiKey, apiSecret, userId, body, '/v1/agent/create');
  const response = await fetch(`${BASE_URL}/v1/agent/create`, { method: 'POST', headers, body: JSON.stringify(body) });
  const result = (await response.json()) as Envelope;
  if (!result.success) throw new Error(result.message);
  return result.data.agentId as string;
}

async function decodeImage(dataUrl: string | null | undefined) {
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);
  const png = Buffer.from(dataUrl!.slice('data:image/png;base64,'.length), 'base64');
  expect(isPng(png)).toBe(true);
  const { width, height, format } = await sharp(png).metadata();
  expect({ width, height, format }).toEqual({ ...readPngSize(png), format: 'png' });
  return { png, width, height, info: readPlaceholderInfo(png) };
}

describe('the documented client flow over a real socket', () => {
  beforeAll(async () => {
    servers = await createMockServers({ upstreams: ['aibabe'], ports: { aibabe: 0 }, latency: 'fast', timeScale: 10, seed: 7 });
    ({ demo, url: BASE_URL } = servers.upstreams.aibabe!);
  });
  afterAll(() => servers.close(0));

  it('signs, chats, makes a cover, creates an agent from it and chats with the new agent', async () => {
    const { apiKey = '', apiSecret = '', userId = '', agentId = '' } = demo;

    const conversationId = await createConversation(apiKey, apiSecret, userId, agentId);
    const text = '一个穿着红色连衣裙的女孩站在樱花树下';
    const chat = await decodeImage(await generateImage(apiKey, apiSecret, userId, agentId, conversationId, text));
    expect([chat.width, chat.height]).toEqual([768, 1024]);
    expect(chat.info).toMatchObject({ upstream: 'aibabe', operation: 'chatImage', seed: 7, prompt: text, inputs: { agentId, conversationId, language: 'zh' } });

    const params = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' };
    const { coverId, imageData } = await generateAgentCover(apiKey, apiSecret, userId, params);
    const cover = await decodeImage(imageData);
    expect([cover.width, cover.height]).toEqual([768, 1024]);
    expect(cover.info).toMatchObject({ operation: 'agentCover', inputs: params });

    const newAgentId = await createAgent(apiKey, apiSecret, userId, { ...params, coverId, name: '小樱', voiceId: 'female_voice_01', language: 'zh' });
    const newConversationId = await createConversation(apiKey, apiSecret, userId, newAgentId);
    const second = await decodeImage(await generateImage(apiKey, apiSecret, userId, newAgentId, newConversationId, 'Walking on the beach at sunset'));
    expect(second.info).toMatchObject({ prompt: 'Walking on the beach at sunset', inputs: { agentId: newAgentId, conversationId: newConversationId } });
  });

  it('surfaces the documented female rule through generateAgentCover', async () => {
    const { apiKey = '', apiSecret = '', userId = '' } = demo;
    await expect(
      generateAgentCover(apiKey, apiSecret, userId, { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' }),
    ).rejects.toThrow('breastSize is required for female');
  });
});
