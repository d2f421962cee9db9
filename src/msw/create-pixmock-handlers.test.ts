import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runContractSuite } from '../suite/run-suite.js';
import { describeFindings, sharedContracts, TEST_SEED } from '../suite/test-helpers/run-against-mock.js';
import { createPixmockHandlers } from './create-pixmock-handlers.js';
import type { PixmockHandlers } from './pixmock-handlers.js';

/** The URLs `pixmock serve` listens on by default: code under test written against it keeps its URLs. */
const BASE_URLS = { aibabe: 'http://127.0.0.1:4010', chatfire: 'http://127.0.0.1:4020', dify: 'http://127.0.0.1:4030' };

let pixmock: PixmockHandlers;
// Nothing may leave the process: a request no handler answers fails instead of reaching a port.
const server = setupServer();

beforeAll(async () => {
  pixmock = await createPixmockHandlers({ upstreams: BASE_URLS, latency: 'fast', timeScale: 100, seed: TEST_SEED, ...(await sharedContracts()) });
  server.use(...pixmock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => {
  server.close();
  pixmock.close();
});

it('passes every case of the three contracts through MSW handlers and the global fetch, as against the server', async () => {
  const targets = Object.entries(BASE_URLS).map(([upstream, baseUrl]) => ({ upstream, baseUrl, credentials: pixmock.upstreams[upstream]!.demo, live: false }));
  const result = await runContractSuite({ seed: TEST_SEED, contracts: (await sharedContracts()).contracts, targets });

  expect(describeFindings(result)).toBe('');
  expect(result.summary.failed).toBe(0);
  expect(result.summary.skipped).toBe(0);
  expect(new Set(result.cases.map((c) => c.case.upstream))).toEqual(new Set(Object.keys(BASE_URLS)));
  expect(result.summary.generationCalls).toBeGreaterThan(0);
  for (const upstream of Object.values(pixmock.upstreams)) expect(upstream.context.journal.size, `${upstream.id} answered through its handler`).toBeGreaterThan(0);
}, 120_000);
