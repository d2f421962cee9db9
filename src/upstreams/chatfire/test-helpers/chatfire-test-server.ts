/**
 * The chatfire mock for tests: createMockServer on a manual clock, with the contract, mocks and
 * renderer loaded once per file. Test-only. Requests default to the demo key.
 */
import { expect, vi } from 'vitest';
import { formatDiagnostic, loadContracts, type ContractRegistry } from '../../../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../../../imaging/index.js';
import { loadMocks, type MockConfig } from '../../../mocks/index.js';
import { createMockServer } from '../../../app/create-mock-servers.js';
import type { UpstreamApp } from '../../../server/index.js';
import type { ChatfireState } from '../chatfire-state.js';
import { createManualClock, type Clock } from '../../../sim/clock.js';

export const START_MS = Date.UTC(2026, 0, 1);

export interface ChatfireTestServerOptions {
  clock?: Clock;
  latency?: string;
  timeScale?: number;
  seed?: number;
}

export interface ChatfireTestServer extends UpstreamApp<ChatfireState> {
  clock: Clock;
  /** `Bearer <demo key>`. */
  auth: string;
}

interface SharedInputs {
  contracts: ContractRegistry;
  renderer: ImageRenderer;
  mocks: MockConfig;
}

/** Read-only inputs, loaded once per test file: compiling contracts is the slow part of a server. */
let shared: Promise<SharedInputs> | undefined;

async function loadShared(): Promise<SharedInputs> {
  const [contracts, mocks] = await Promise.all([loadContracts({ upstreams: ['chatfire'] }), loadMocks('chatfire')]);
  return { contracts, renderer: createImageRenderer(), mocks };
}

export async function createChatfireTestServer({ clock = createManualClock({ startMs: START_MS }), latency = 'realistic', timeScale = 1, seed = 7 }: ChatfireTestServerOptions = {}): Promise<ChatfireTestServer> {
  const { contracts, renderer, mocks } = await (shared ??= loadShared());
  const server = await createMockServer('chatfire', { clock, latency, timeScale, seed, contracts, renderer, mocks });
  // The chatfire plugin's createState made it (tests only: the app's state is typed per plugin).
  return { ...server, state: server.state as ChatfireState, clock, auth: `Bearer ${server.demo.apiKey}` };
}

/** Asserts the response is what the contract documents for the operation (status, media type, body). */
export function expectDocumented(server: UpstreamApp, operationId: string, res: { status: number; headers: Record<string, string>; body: unknown }): void {
  const body = Buffer.isBuffer(res.body) ? res.body.toString('latin1') : res.body;
  const result = server.context.contracts.validateResponse('chatfire', operationId, { status: res.status, contentType: res.headers['content-type'], body });
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
}

/** Resolves once `count` simulated waits are pending: requests started with `.then()` have reached their wait. */
export async function untilWaiting(clock: Clock, count = 1): Promise<void> {
  await vi.waitFor(
    () => {
      if (clock.pendingTimers() < count) throw new Error(`${clock.pendingTimers()} of ${count} simulated waits pending.`);
    },
    { timeout: 5_000, interval: 2 },
  );
}
