/** The app's tests as its authors write them: pixmock stands in for Dify and chatfire. */
import { expect, it } from 'vitest';
import { usePixmock } from 'pixmock/vitest';
import { drawWithDify, drawWithOpenAI } from './draw-picture.js';

/** chatfire's key that answers in the OpenAI shape (pixmock's mocks/chatfire/keys.yaml); its demo key answers with tasks. */
const OPENAI_MODE_KEY = 'sk-pixmock-openai';

const pixmock = usePixmock({
  upstreams: ['dify', 'chatfire'],
  seed: 1,
  env: {
    DIFY_API_BASE: 'dify.url/v1',
    DIFY_API_KEY: 'dify.apiKey',
    OPENAI_BASE_URL: 'chatfire.url/v1',
    OPENAI_API_KEY: () => OPENAI_MODE_KEY,
  },
});

it('draws through the Dify workflow and links a PNG that downloads', async () => {
  const url = await drawWithDify('a red fox', 'user-1');
  const image = await fetch(url);
  expect(image.headers.get('content-type')).toBe('image/png');
  const [run] = pixmock.requests('dify', { operationId: 'runWorkflow' });
  expect(run?.body).toMatchObject({ inputs: { prompt: 'a red fox' }, response_mode: 'blocking', user: 'user-1' });
});

it('draws through the openai SDK against chatfire, sending the model and prompt', async () => {
  const url = await drawWithOpenAI('a lighthouse at dusk');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  expect(pixmock.requests('chatfire')).toEqual([expect.objectContaining({ operationId: 'createImageGeneration', body: expect.objectContaining({ model: 'dall-e-3', prompt: 'a lighthouse at dusk' }) })]);
});

it('reports a Dify node failure instead of a link', async () => {
  await pixmock.scenario('dify', 'node_failed');
  await expect(drawWithDify('a red fox', 'user-1')).rejects.toThrow(/did not draw "a red fox"/);
});

it('surfaces chatfire\'s 502 gateway page as the SDK\'s error', async () => {
  await pixmock.scenario('chatfire', 'gateway_502');
  await expect(drawWithOpenAI('a red fox')).rejects.toMatchObject({ status: 502 });
});
