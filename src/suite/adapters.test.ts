/**
 * One upstream definition, two adapters: the contract suite passes against every upstream served
 * through `fetch(request)` in-process and through `node:http` on a socket, as Zimic runs every
 * behaviour test over both of its transports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer } from '../app/create-mock-servers.js';
import { listen, type ListeningServer } from '../server/index.js';
import { FLOWS } from './flows/index.js';
import { runContractSuite } from './run-suite.js';
import { describeFindings, sharedContracts, TEST_SEED } from './test-helpers/run-against-mock.js';
import type { UpstreamName } from './types.js';

const TIME_SCALE = 100;
const UPSTREAMS: UpstreamName[] = Object.keys(FLOWS);
const open: ListeningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listening) => listening.close(0)));
});

async function server(upstream: UpstreamName) {
  const { contracts, renderer } = await sharedContracts();
  return { contracts, server: await createMockServer(upstream, { latency: 'fast', timeScale: TIME_SCALE, seed: TEST_SEED, contracts, renderer }) };
}

describe('the contract suite through both adapters', () => {
  it.each(UPSTREAMS)('passes against %s through its fetch adapter, in-process', async (upstream) => {
    const { contracts, server: mock } = await server(upstream);
    const result = await runContractSuite({
      seed: TEST_SEED,
      contracts,
      targets: [{ upstream, fetch: mock.fetch, credentials: mock.demo, live: false, timeScale: TIME_SCALE, latencyProfile: 'fast' }],
    });
    expect(describeFindings(result)).toBe('');
    expect(result.passed).toBe(true);
  });

  it.each(UPSTREAMS)('passes against %s through node:http on a socket', async (upstream) => {
    const { contracts, server: mock } = await server(upstream);
    const listening = await listen(mock.app);
    open.push(listening);
    const result = await runContractSuite({ seed: TEST_SEED, contracts, targets: [{ upstream, baseUrl: listening.url, credentials: mock.demo, live: false }] });
    expect(describeFindings(result)).toBe('');
    expect(result.passed).toBe(true);
  });
});
