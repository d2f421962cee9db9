import { expect, it } from 'vitest';
import { pixmockGlobalSetup, type ProvidedPixmock } from './global-setup.js';

it('provides the ready event, sets the variables for the run and stops and restores them at teardown', async () => {
  const provided: ProvidedPixmock[] = [];
  const teardown = await pixmockGlobalSetup({ upstreams: ['dify'], env: { PIXMOCK_TEST_DIFY: 'dify.url/v1' } })({ provide: (_key, value) => provided.push(value) });
  const url = provided[0]?.upstreams.dify?.url;
  expect(process.env.PIXMOCK_TEST_DIFY).toBe(`${url}/v1`);
  expect((await fetch(`${url}/__pixmock/health`)).status).toBe(200);
  await teardown();
  expect('PIXMOCK_TEST_DIFY' in process.env).toBe(false);
  await expect(fetch(`${url}/__pixmock/health`)).rejects.toThrow();
});
