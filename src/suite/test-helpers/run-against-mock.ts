/**
 * Test-only: runs the real suite against the real in-process mock of one upstream, with
 * compressed time, and formats findings so a failing assertion shows what drifted.
 */
import type { RequestListener } from 'node:http';
import { loadContracts, type ContractRegistry } from '../../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../../imaging/index.js';
import { createMockServer, type MockServerOptions } from '../../app/create-mock-servers.js';
import { runContractSuite, type RunContractSuiteOptions } from '../run-suite.js';
import type { SuiteResult, UpstreamName } from '../types.js';
import type { WrapContext } from './drift/drift-variant.js';

export const TEST_SEED = 20261122;

export interface RunAgainstMockOptions extends Partial<Omit<RunContractSuiteOptions, 'targets'>> {
  mock?: MockServerOptions;
  /** Wraps the faithful app (the drift self-test's broken variants). */
  wrap?: (app: RequestListener, context: WrapContext) => RequestListener;
}

let shared: Promise<{ contracts: ContractRegistry; renderer: ImageRenderer }> | undefined;

/** One contract registry and one renderer per test file: loading them is most of a mock's start-up. */
export function sharedContracts(): Promise<{ contracts: ContractRegistry; renderer: ImageRenderer }> {
  shared ??= loadContracts().then((contracts) => ({ contracts, renderer: createImageRenderer() }));
  return shared;
}

export async function runAgainstMock(upstream: UpstreamName, { mock, wrap, ...options }: RunAgainstMockOptions = {}): Promise<SuiteResult> {
  const { contracts, renderer } = await sharedContracts();
  const server = await createMockServer(upstream, { latency: 'fast', timeScale: 100, seed: TEST_SEED, contracts, renderer, ...mock });
  const app = wrap ? wrap(server.app, { demo: server.demo, contracts }) : server.app;
  return runContractSuite({ seed: TEST_SEED, contracts, ...options, targets: [{ upstream, app, credentials: server.demo, live: false }] });
}

export function describeFindings(result: SuiteResult): string {
  return result.cases.flatMap((c) => c.findings.map((f) => `${c.case.id} ${f.check} ${f.operationId} ${f.pointer}: ${f.message}`)).join('\n');
}
