import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPlaceholderInfo } from '../../imaging/index.js';
import { listen, type ListeningServer } from '../../server/listen.js';
import { createSystemClock } from '../../sim/clock.js';
import { createChatfireTestServer } from './test-helpers/chatfire-test-server.js';

let listening: ListeningServer;

beforeAll(async () => {
  const server = await createChatfireTestServer({ clock: createSystemClock(), latency: 'fast', timeScale: 10 });
  listening = await listen(server.app, { host: '127.0.0.1', port: 0 });
});

afterAll(() => listening.close(0));

function client(apiKey: string, defaultHeaders?: Record<string, string>) {
  return new OpenAI({ apiKey, baseURL: `${listening.url}/v1`, maxRetries: 0, timeout: 10_000, defaultHeaders });
}

it('serves the official openai client\'s images.generate with url images it can download', async () => {
  const result = await client('sk-pixmock-openai').images.generate({ model: 'dall-e-3', prompt: '一只在霓虹雨夜里撑伞的橘猫', n: 2, size: '1792x1024' });
  expect(result.created).toEqual(expect.any(Number));
  expect(result.data).toHaveLength(2);
  for (const image of result.data ?? []) {
    expect(image.revised_prompt).toBe('一只在霓虹雨夜里撑伞的橘猫');
    const png = Buffer.from(await (await fetch(image.url ?? '')).arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1792, height: 1024 });
  }
});

it('serves b64_json to the openai client of a task-mode key that sends Prefer: mode=openai', async () => {
  const result = await client('sk-pixmock-demo', { Prefer: 'mode=openai' }).images.generate({
    model: 'seedream-3.0',
    prompt: 'a lighthouse at dusk',
    size: '1024x1024',
    response_format: 'b64_json',
  });
  const png = Buffer.from(result.data?.[0]?.b64_json ?? '', 'base64');
  expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1024 });
  expect(readPlaceholderInfo(png)?.prompt).toBe('a lighthouse at dusk');
});

it('surfaces chatfire\'s errors as the openai client\'s typed errors', async () => {
  const error = await client('sk-nobody').images.generate({ model: 'dall-e-3', prompt: 'x' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  expect(error).toMatchObject({ status: 401, type: 'cf-api-error' });
});
