/**
 * Promises across calls on targets that cannot show them: a live upstream whose clock the suite
 * cannot move skips a 30-minute expiry with that reason before paying for a generation, and a
 * target without a second key says key isolation was not checked instead of passing it.
 */
import type { RequestListener } from 'node:http';
import express, { type Request, type Response } from 'express';
import { expect, it } from 'vitest';
import { createMockServer } from '../app/create-mock-servers.js';
import { runContractSuite } from './run-suite.js';
import { sharedContracts, TEST_SEED } from './test-helpers/run-against-mock.js';
import type { UpstreamName } from './types.js';

/** The mock without its admin API, as a real upstream looks to the suite. */
async function liveLookalike(upstream: UpstreamName) {
  const { contracts, renderer } = await sharedContracts();
  const server = await createMockServer(upstream, { latency: 'fast', timeScale: 100, seed: TEST_SEED, contracts, renderer });
  const app = express();
  app.use('/__pixmock', (_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(server.app as unknown as express.RequestHandler);
  return { app: app as unknown as RequestListener, demo: server.demo, contracts };
}

it('skips a coverId expiry on a live upstream with the real time it would need, before paying for a generation', async () => {
  const { app, demo, contracts } = await liveLookalike('aibabe');
  const result = await runContractSuite({
    seed: TEST_SEED, contracts, budget: 1, filter: (c) => c.probe === 'cover-expiry',
    targets: [{ upstream: 'aibabe', app, credentials: demo, live: true, timeScale: 100, latencyProfile: 'fast' }],
  });

  expect(result.cases.map((c) => [c.status, c.skipReason])).toEqual([['skipped', expect.stringMatching(/^coverId expiry not checked: it needs 30 min of real time on a live upstream/)]]);
  expect(result.summary.generationCalls).toBe(0);
  expect(result.cases[0]?.exchanges).toEqual([]);
});

it('says key isolation was not checked on a target without a second key, and sends no probe', async () => {
  const { app, demo, contracts } = await liveLookalike('chatfire');
  const result = await runContractSuite({
    seed: TEST_SEED, contracts, budget: 1, filter: (c) => c.id === 'chatfire.createImageGeneration.example.1',
    targets: [{ upstream: 'chatfire', app, credentials: demo, live: true, timeScale: 100, latencyProfile: 'fast' }],
  });

  expect(result.passed).toBe(true);
  expect(result.cases[0]?.notes).toContain('key isolation of chatfire tasks not checked: the target has no second key (set CHATFIRE_OTHER_API_KEY)');
  expect(result.cases.flatMap((c) => c.exchanges).filter((x) => x.notes.probe)).toEqual([]);
});
