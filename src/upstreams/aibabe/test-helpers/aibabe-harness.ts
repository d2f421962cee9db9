/**
 * Test-only: an in-process aibabe mock on a manual clock, with its typed state, a supertest client
 * that signs every request the way the platform's docs describe (src/auth `signRequest`), helpers
 * to let held requests finish by advancing simulated time, and a contract check for every response.
 */
import request, { type Response, type Test } from 'supertest';
import { expect } from 'vitest';
import { signRequest } from '../../../auth/index.js';
import { createMockServer, type MockServerOptions } from '../../../app/create-mock-servers.js';
import { loadContracts, type ContractRegistry } from '../../../contracts/index.js';
import { createImageRenderer } from '../../../imaging/index.js';
import { createManualClock } from '../../../sim/clock.js';
import type { AibabeState } from '../aibabe-state.js';

export const START_MS = Date.UTC(2026, 0, 1);

export interface SignedCallOptions {
  apiKey?: string;
  apiSecret?: string;
  userId?: string;
  /** Unix seconds; default the clock's. */
  timestamp?: number;
  requestId?: string;
  /** `Prefer` header value, e.g. `scenario=agent_not_found`. */
  prefer?: string;
  /** Headers to drop after signing (lower case). */
  omit?: string[];
  /** Headers to set after signing (overrides the signed ones). */
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** Lets the request start: supertest only sends when awaited, and the server needs a real tick to reach its wait. */
export const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

// Compiled once per test file: a fresh server per test stays cheap.
let sharedContracts: Promise<ContractRegistry> | undefined;
const sharedRenderer = createImageRenderer();

export async function createAibabeHarness(options: MockServerOptions = {}) {
  const clock = createManualClock({ startMs: START_MS });
  sharedContracts ??= loadContracts();
  const server = await createMockServer('aibabe', {
    clock,
    seed: 1,
    latency: 'instant',
    contracts: await sharedContracts,
    renderer: sharedRenderer,
    ...options,
  });
  const { app, context: ctx, demo } = server;
  // The registry holds plugins of any state; this server is aibabe's, so its state is aibabe's.
  const state = server.state as AibabeState;

  function post(path: string, body?: unknown, call: SignedCallOptions = {}): Test {
    const headers: Record<string, string> = signRequest({
      apiKey: call.apiKey ?? demo.apiKey ?? '',
      apiSecret: call.apiSecret ?? demo.apiSecret ?? '',
      userId: call.userId ?? demo.userId ?? '',
      method: 'POST',
      path,
      query: call.query,
      body,
      timestamp: call.timestamp,
      requestId: call.requestId,
      now: () => clock.now(),
    });
    for (const name of call.omit ?? []) {
      for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
    }
    Object.assign(headers, call.headers);
    if (call.prefer) headers.Prefer = call.prefer;
    const url = call.query ? `${path}?${new URLSearchParams(call.query).toString()}` : path;
    const test = request(app).post(url).set(headers);
    return body === undefined ? test : test.send(JSON.stringify(body));
  }

  /** Awaits a request, advancing simulated time by `stepMs` whenever it is waiting on the clock. */
  async function settle(test: Test | Promise<Response>, stepMs = 1_000): Promise<Response> {
    let done = false;
    const pending = Promise.resolve(test.then((res) => res)).finally(() => {
      done = true;
    });
    for (let i = 0; i < 1_000 && !done; i += 1) {
      await tick(5);
      if (!done && clock.pendingTimers() > 0) await clock.advance(stepMs);
    }
    return pending;
  }

  const call = (path: string, body?: unknown, options?: SignedCallOptions) => settle(post(path, body, options));

  /**
   * Asserts a held request is still unanswered after `stillHeldAtMs` of simulated time, then
   * advances to `answeredByMs` and returns its response.
   */
  async function heldUntil(test: PromiseLike<Response>, stillHeldAtMs: number, answeredByMs: number): Promise<Response> {
    let answered = false;
    const pending = Promise.resolve(test).then((res) => {
      answered = true;
      return res;
    });
    await tick();
    await clock.advance(stillHeldAtMs);
    await tick();
    expect(answered).toBe(false);
    await clock.advance(answeredByMs - stillHeldAtMs);
    return pending;
  }

  /** The response is what the contract documents for `operationId`. */
  function expectContract(operationId: string, res: Response): void {
    const contentType = res.headers['content-type'] as string | undefined;
    const body = contentType?.startsWith('text/html') ? res.text : res.body;
    const result = ctx.contracts.validateResponse('aibabe', operationId, { status: res.status, contentType, body });
    expect(result.diagnostics).toEqual([]);
  }

  /** Conversation for the demo user (or `options.userId`) with `agentId`. */
  async function conversationFor(agentId: string, options: SignedCallOptions = {}): Promise<string> {
    const res = await call('/v1/chat/conversation', { agentId }, options);
    expect(res.body.success).toBe(true);
    return res.body.data.conversationId as string;
  }

  return { clock, server, app, ctx, state, demo, post, settle, call, heldUntil, expectContract, conversationFor };
}

export type AibabeHarness = Awaited<ReturnType<typeof createAibabeHarness>>;

/** The PNG inside a `data:image/png;base64,…` URL. */
export function decodeDataUrl(dataUrl: string): Buffer {
  const [prefix, data = ''] = dataUrl.split(',', 2);
  expect(prefix).toBe('data:image/png;base64');
  return Buffer.from(data, 'base64');
}

/**
 * A copy of mocks/ in a temporary folder with some files edited (`{ 'aibabe/limits.yaml': (text) => … }`),
 * for `createAibabeHarness({ mocksDir })`.
 */
export async function editedMocksDir(edits: Record<string, (text: string) => string>): Promise<string> {
  const { cp, mkdtemp, readFile, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { DEFAULT_MOCKS_DIR } = await import('../../../mocks/index.js');
  const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-aibabe-mocks-'));
  await cp(DEFAULT_MOCKS_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const target = path.join(dir, file);
    const before = await readFile(target, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`editedMocksDir: the edit of ${file} changed nothing.`);
    await writeFile(target, after);
  }
  return dir;
}
