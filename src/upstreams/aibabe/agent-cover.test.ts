import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPlaceholderInfo, readPngSize } from '../../imaging/index.js';
import { createAibabeHarness, decodeDataUrl, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const COVER = '/v1/agent/cover';
const FIVE_MINUTES = 300_000;
const SEED_COVER = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' };
const MALE_COVER = { gender: 'male', age: '26-35', ethnicity: 'Latino', bodyType: 'Muscular', hairColor: 'brown', hairStyle: 'Buzz' };
const without = (field: string) => Object.fromEntries(Object.entries(SEED_COVER).filter(([key]) => key !== field));

describe('POST /v1/agent/cover', () => {
  let h: AibabeHarness;
  const cover = (body: unknown, prefer?: string) => h.settle(h.post(COVER, body, { prefer }), FIVE_MINUTES);
  beforeAll(async () => {
    h = await createAibabeHarness({ latency: 'realistic' });
  });
  beforeEach(() => h.server.reset());

  it('answers a UUID coverId and the cover as a PNG data URL for the seed request', async () => {
    const res = await cover(SEED_COVER);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 10200, success: true, message: 'OK' });
    expect(res.body.data.coverId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    h.expectContract('agentCover', res);
    const png = decodeDataUrl(res.body.data.imageData);
    expect(readPngSize(png)).toEqual({ width: 768, height: 1024 });
    const info = readPlaceholderInfo(png);
    expect(info).toMatchObject({ upstream: 'aibabe', operation: 'agentCover', inputs: SEED_COVER, referenceImage: false });
    expect(info?.prompt).toContain('HairStyle Long');
  });

  it('accepts a male cover without breastSize and buttSize', async () => {
    const res = await cover(MALE_COVER);
    expect(res.body.success).toBe(true);
    h.expectContract('agentCover', res);
  });

  it('holds the connection at least 30 s and answers by 300 s of simulated time', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await h.heldUntil(h.post(COVER, SEED_COVER), 29_999, 300_000);
      expect(res.body.success).toBe(true);
    }
  });

  it.each([
    ['female without breastSize', without('breastSize'), 'breastSize is required for female'],
    ['female without buttSize', without('buttSize'), 'buttSize is required for female'],
    ['female without either', { ...without('breastSize'), buttSize: undefined }, 'breastSize is required for female'],
    ['no age', without('age'), 'age is required'],
    ['an unknown gender', { ...SEED_COVER, gender: 'other' }, 'gender must be one of male, female'],
    ['an unknown age code', { ...SEED_COVER, age: '99' }, 'Invalid age: 99'],
    ['a male bodyType for a female', { ...SEED_COVER, bodyType: 'Muscular' }, 'Invalid bodyType: Muscular'],
    ['a male hairStyle for a female', { ...SEED_COVER, hairStyle: 'Buzz' }, 'Invalid hairStyle: Buzz'],
    ['a female hairStyle for a male', { ...MALE_COVER, hairStyle: 'Long' }, 'Invalid hairStyle: Long'],
    ['a female-only breastSize for a male', { ...MALE_COVER, breastSize: 'Medium' }, 'Invalid breastSize: Medium'],
    ['an unknown hairColor', { ...SEED_COVER, hairColor: 'green' }, 'Invalid hairColor: green'],
    ['a refImageId that is not a UUID', { ...SEED_COVER, refImageId: 'abc' }, 'refImageId must match format "uuid"'],
  ])('answers HTTP 400 code 10400 for %s', async (_case, body, message) => {
    const res = await cover(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 10400, success: false, message, data: null });
    h.expectContract('agentCover', res);
  });

  it('answers HTTP 400 code 10404 for a refImageId that was never uploaded', async () => {
    const res = await cover({ ...SEED_COVER, refImageId: '550e8400-e29b-41d4-a716-446655440000' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 10404, message: 'Reference image not found or expired' });
    h.expectContract('agentCover', res);
  });

  it('answers HTTP 500 after the generation time when RunPod fails', async () => {
    const res = await h.heldUntil(h.post(COVER, SEED_COVER, { prefer: 'scenario=runpod_failure' }), 29_000, 300_000);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 10500, success: false, message: 'Cover generation failed' });
    h.expectContract('agentCover', res);
  });
});
