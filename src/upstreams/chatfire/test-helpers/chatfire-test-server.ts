/**
 * Builds the chatfire app for tests, the way createMockServer does, without importing the other
 * upstreams. Test-only. Requests default to the demo key and a manual clock.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { expect, vi } from 'vitest';
import { DEFAULT_CONTRACTS_DIR, formatDiagnostic, loadContracts, type ContractRegistry } from '../../../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../../../imaging/index.js';
import { loadGatewayPages, loadLatencyProfiles, loadMocks, type MockConfig } from '../../../mocks/index.js';
import { createUpstreamApp, type UpstreamApp } from '../../../server/create-upstream-app.js';
import { createManualClock, type Clock } from '../../../sim/clock.js';
import type { LatencyProfile } from '../../../sim/latency.js';
import { createRandom } from '../../../sim/random.js';
import { createSimulation } from '../../../sim/simulation.js';
import { chatfireUpstream } from '../index.js';

export const START_MS = Date.UTC(2026, 0, 1);

export interface ChatfireTestServerOptions {
  clock?: Clock;
  latency?: string;
  timeScale?: number;
  seed?: number;
}

export interface ChatfireTestServer extends UpstreamApp {
  clock: Clock;
  /** `Bearer <demo key>`. */
  auth: string;
}

interface SharedInputs {
  contracts: ContractRegistry;
  renderer: ImageRenderer;
  mocks: MockConfig;
  profiles: Record<string, LatencyProfile>;
  gatewayPages: Record<string, string>;
}

/** Read-only inputs, loaded once per test file. */
let shared: Promise<SharedInputs> | undefined;

async function loadShared(): Promise<SharedInputs> {
  const [contracts, mocks, profiles, gatewayPages] = await Promise.all([loadChatfireContract(), loadMocks('chatfire'), loadLatencyProfiles(), loadGatewayPages()]);
  return { contracts, renderer: createImageRenderer(), mocks, profiles, gatewayPages };
}

/**
 * Only contracts/chatfire, through symlinks in one shared temp folder: compiling every upstream's
 * schemas would take seconds per test file.
 */
async function loadChatfireContract(): Promise<ContractRegistry> {
  const dir = path.join(tmpdir(), 'pixmock-chatfire-contract');
  await mkdir(path.join(dir, 'chatfire'), { recursive: true });
  for (const entry of ['openapi.yaml', 'schemas']) {
    await symlink(path.join(DEFAULT_CONTRACTS_DIR, 'chatfire', entry), path.join(dir, 'chatfire', entry)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return loadContracts({ dir });
}

export async function createChatfireTestServer({ clock = createManualClock({ startMs: START_MS }), latency = 'realistic', timeScale = 1, seed = 7 }: ChatfireTestServerOptions = {}): Promise<ChatfireTestServer> {
  const { contracts, renderer, mocks, profiles, gatewayPages } = await (shared ??= loadShared());
  const profile = profiles[latency];
  if (!profile) throw new Error(`No latency profile ${latency}.`);
  const sim = createSimulation({ clock, random: createRandom(seed).fork('chatfire'), timeScale, profileName: latency, profile, latency: mocks.latency });
  const app = createUpstreamApp(chatfireUpstream, { contracts, mocks, sim, renderer, logger: pino({ level: 'silent' }), seed, gatewayPages });
  return { ...app, clock, auth: `Bearer ${chatfireUpstream.demo(app.context).apiKey}` };
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
