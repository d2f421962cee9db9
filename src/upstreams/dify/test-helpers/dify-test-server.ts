/**
 * Test helpers for the Dify upstream: createMockServer on a manual clock with contracts, mocks and
 * renderer loaded once per file, a clock driver, contract assertions and an SSE reader.
 */
import { expect } from 'vitest';
import { createParser } from 'eventsource-parser';
import { formatDiagnostic, loadContracts, type ContractRegistry } from '../../../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../../../imaging/index.js';
import { loadMocks, type MockConfig } from '../../../mocks/index.js';
import { createMockServer, type MockServer } from '../../../app/create-mock-servers.js';
import type { UpstreamContext } from '../../../core/index.js';
import { createManualClock, type Clock } from '../../../sim/clock.js';
import type { DifyState } from '../dify-state.js';
import { difyUpstream } from '../index.js';

export const START_MS = Date.UTC(2026, 0, 1, 12, 0, 0);

interface SharedFixtures {
  contracts: ContractRegistry;
  renderer: ImageRenderer;
  mocks: MockConfig;
}

/** Loaded once per test file: compiling contracts is the slow part of a server. */
let shared: Promise<SharedFixtures> | undefined;

function loadShared(): Promise<SharedFixtures> {
  shared ??= Promise.all([loadContracts({ upstreams: ['dify'] }), loadMocks('dify')]).then(([contracts, mocks]) => ({
    contracts,
    renderer: createImageRenderer(),
    mocks,
  }));
  return shared;
}

export interface DifyTestServerOptions {
  clock?: Clock;
  latency?: string;
  timeScale?: number;
  seed?: number;
  /**
   * Puts the simulated Cloudflare edge in front (default off here): `drive` advances the clock
   * while sharp renders in real time, so on a loaded machine a run could cross the 100 s cut.
   */
  edge?: boolean;
  /** Edits a copy of the loaded mocks before the app is built. */
  editMocks?: (mocks: MockConfig) => void;
}

export interface DifyTestServer extends MockServer {
  /** What the plugin's `createState` made: the typed mocks and the stores. */
  state: DifyState;
  clock: Clock;
  auth: { Authorization: string };
}

export async function createDifyTestServer(options: DifyTestServerOptions = {}): Promise<DifyTestServer> {
  const { contracts, renderer, ...loaded } = await loadShared();
  const mocks = structuredClone(loaded.mocks);
  (mocks.cloudflare as { enabled: boolean }).enabled = options.edge ?? false;
  options.editMocks?.(mocks);
  const clock = options.clock ?? createManualClock({ startMs: START_MS });
  const server = await createMockServer(difyUpstream, {
    clock,
    latency: options.latency ?? 'realistic',
    timeScale: options.timeScale ?? 1,
    seed: options.seed ?? 7,
    contracts,
    renderer,
    mocks,
  });
  // createMockServer types any plugin's state as unknown; difyUpstream's createState made a DifyState.
  return { ...server, state: server.state as DifyState, clock, auth: { Authorization: `Bearer ${server.demo.apiKey}` } };
}

/** Advances the manual clock in steps until `pending` settles (real I/O gets a moment between steps). */
export async function drive<T>(clock: Clock, pending: Promise<T>, stepMs = 1_000, maxSteps = 2_000): Promise<T> {
  let settled = false;
  const watched = pending.finally(() => {
    settled = true;
  });
  watched.catch(() => undefined);
  for (let step = 0; step < maxSteps && !settled; step++) {
    await realDelay(step < 3 ? 15 : 1);
    if (!settled) await clock.advance(stepMs);
  }
  return watched;
}

/** Polls `find` (real time) until it returns a value. */
export async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('waitFor: nothing found in time.');
    await realDelay(2);
  }
}

export function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Expects the response to match the operation's contract; prints the diagnostics when it does not. */
export function expectContract(ctx: UpstreamContext, operationId: string, response: { status: number; contentType?: string; body: unknown }): void {
  const result = ctx.contracts.validateResponse('dify', operationId, response);
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(result.valid).toBe(true);
}

/** Expects a parsed stream event to match the runWorkflow event schema. */
export function expectEvent(ctx: UpstreamContext, event: unknown): void {
  const schemaId = ctx.contract.operations.get('runWorkflow')?.responses['200']?.['text/event-stream']?.eventSchemaId ?? '';
  const result = ctx.contracts.validate(schemaId, event);
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
}

export interface ReadStream {
  status: number;
  contentType: string | null;
  headers: Headers;
  raw: string;
  events: Record<string, unknown>[];
  pings: number;
}

/**
 * POSTs a streaming run with fetch and reads it to the end, advancing the manual clock (if given)
 * while it waits. `onEvent` sees each parsed event as it arrives.
 */
export async function readEventStream(
  url: string,
  init: RequestInit,
  { clock, stepMs = 1_000, onEvent }: { clock?: Clock; stepMs?: number; onEvent?: (event: Record<string, unknown>) => void } = {},
): Promise<ReadStream> {
  const response = await fetch(url, init);
  const events: Record<string, unknown>[] = [];
  let raw = '';
  const parser = createParser({
    onEvent(message) {
      const event = JSON.parse(message.data) as Record<string, unknown>;
      events.push(event);
      onEvent?.(event);
    },
  });
  const reading = (async () => {
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      raw += text;
      parser.feed(text);
    }
  })();
  await (clock ? drive(clock, reading, stepMs) : reading);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    raw,
    events,
    pings: raw.split('event: ping\n\n').length - 1,
  };
}
