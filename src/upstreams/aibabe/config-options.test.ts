import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPlaceholderInfo, readPngSize } from '../../imaging/index.js';
import { createAibabeHarness, type AibabeHarness } from './test-helpers/aibabe-harness.js';

type Options = Record<string, { code: string; label: string; previewUrl: string }[]>;
const codes = (data: Options, group: string) => data[group]?.map((item) => item.code);
const label = (data: Options, group: string, code: string) => data[group]?.find((item) => item.code === code)?.label;

describe('POST /v1/config/options', () => {
  let h: AibabeHarness;
  beforeAll(async () => {
    h = await createAibabeHarness();
  });

  it('serves every group of custom_agent with absolute preview URLs', async () => {
    const res = await h.call('/v1/config/options', { namespace: 'custom_agent' });
    h.expectContract('configOptions', res);
    expect(Object.keys(res.body.data)).toEqual(['Age', 'Ethnicity', 'BodyType', 'BreastSize', 'ButtSize', 'HairColor', 'HairStyle', 'Voice', 'Personality', 'Occupation', 'Relationship', 'Fetish']);
    expect(res.body.data.Age[0].previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/static\/options\/custom_agent\/Age\/18-25\.png$/);
  });

  it('answers the same catalogue again with a new traceId, and each Host its own preview URLs', async () => {
    const host = { headers: { Host: 'mock.example:8080' } };
    const first = await h.call('/v1/config/options', { namespace: 'custom_agent' }, host);
    const again = await h.call('/v1/config/options', { namespace: 'custom_agent' }, host);
    const elsewhere = await h.call('/v1/config/options', { namespace: 'custom_agent' }, { headers: { Host: 'other.example' } });
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.traceId).not.toBe(first.body.traceId);
    expect(first.body.data.Age[0].previewUrl).toBe('http://mock.example:8080/static/options/custom_agent/Age/18-25.png');
    expect(elsewhere.body.data.Age[0].previewUrl).toBe('http://other.example/static/options/custom_agent/Age/18-25.png');
    h.expectContract('configOptions', elsewhere);
  });

  it.each([
    [undefined, 'HairStyle', ['Long', 'Ponytail', 'Bob', 'Short', 'Curly', 'Buzz', 'Undercut']],
    ['female', 'HairStyle', ['Long', 'Ponytail', 'Bob', 'Short', 'Curly']],
    ['male', 'HairStyle', ['Short', 'Curly', 'Buzz', 'Undercut']],
    ['female', 'BodyType', ['Slim', 'Athletic', 'Curvy', 'Petite']],
    ['male', 'BodyType', ['Slim', 'Athletic', 'Muscular', 'Average']],
    ['male', 'BreastSize', []],
  ])('filters by gender %s: %s', async (gender, group, expected) => {
    const res = await h.call('/v1/config/options', { namespace: 'custom_agent', gender });
    expect(codes(res.body.data, group)).toEqual(expected);
  });

  it.each([
    ['zh', 'HairColor', 'black', '黑色'],
    ['zh', 'HairColor', 'pink', 'Pink'],
    ['en', 'HairColor', 'silver', 'silver'],
    ['ja', 'HairColor', 'silver', 'シルバー'],
    [undefined, 'Personality', 'Tsundere', 'Tsundere'],
    ['fr', 'Voice', 'female_voice_01', 'Sweet'],
  ])('labels in %s, else English, else the code: %s %s → %s', async (language, group, code, expected) => {
    const res = await h.call('/v1/config/options', { namespace: 'custom_agent', language });
    expect(label(res.body.data, group, code)).toBe(expected);
  });

  it.each([
    [{}, 'namespace is required'],
    [{ namespace: 'custom_agent', gender: 'robot' }, 'gender must be one of male, female'],
    [{ namespace: 'voice_pack' }, 'namespace is not supported'],
  ])('answers HTTP 200 code 10400 for %j', async (body, message) => {
    const res = await h.call('/v1/config/options', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 10400, success: false, message });
    h.expectContract('configOptions', res);
  });

  it('serves each preview URL as a placeholder PNG without authentication', async () => {
    const res = await h.call('/v1/config/options', { namespace: 'custom_agent', language: 'zh' });
    const item = res.body.data.Ethnicity[0];
    const image = await request(h.app).get(new URL(item.previewUrl).pathname);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(readPngSize(image.body)).toEqual({ width: 256, height: 256 });
    expect(readPlaceholderInfo(image.body)?.inputs).toEqual({ namespace: 'custom_agent', group: 'Ethnicity', code: 'Asian' });
    const missing = await request(h.app).get('/static/options/custom_agent/Age/99.png');
    expect(missing.status).toBe(404);
  });
});
