/**
 * Lifecycle under stress: graceful shutdown (in-flight requests finish within the grace period,
 * longer ones are cut, new connections are refused at once), what `reset` clears and keeps,
 * header floods, and the `pixmock serve` flags for the grace period and the limits.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createServeCommand, DEFAULT_GRACE_MS, resolveServeOptions } from '../../cli/serve-command.js';
import { loadContracts } from '../../contracts/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { createManualClock } from '../../sim/clock.js';
import { createMockServer, createMockServers } from '../../app/create-mock-servers.js';
import { sendRaw } from '../../test-helpers/fuzz/index.js';

const contracts = await loadContracts();
const renderer = createImageRenderer();
const AUTH = { Authorization: 'Bearer sk-pixmock-demo' };

function post(port: number, latencyMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model: 'seedream-3.0', prompt: 'grace' });
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/v1/images/generations', headers: { ...AUTH, Prefer: `latency=${latencyMs}`, 'Content-Type': 'application/json', 'Content-Length': String(body.length) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('graceful shutdown', () => {
  it('finishes a request within the grace period, cuts a longer one, refuses new connections at once', async () => {
    const servers = await createMockServers({ upstreams: ['chatfire'], ports: { chatfire: 0 }, latency: 'instant', seed: 1, graceMs: 400, contracts, renderer });
    const port = servers.upstreams.chatfire?.port ?? 0;
    const quick = post(port, 150);
    const slow = post(port, 60_000);
    const slowOutcome = slow.then(
      (status) => `answered ${status}`,
      (error: NodeJS.ErrnoException) => `cut (${error.code ?? error.message})`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const closed = servers.close();
    await expect(post(port, 0)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await quick).toBe(200);
    expect(await slowOutcome).toMatch(/^cut/);
    await closed;
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(3_000);
  });
});

describe('POST /__pixmock/reset', () => {
  it('clears state, journal and the active scenario; keeps configuration, seed, clock and limits', async () => {
    const clock = createManualClock();
    const server = await createMockServer('chatfire', { clock, latency: 'instant', seed: 42, contracts, renderer, limits: { stateEntries: 50 } });
    await request(server.app).post('/v1/images/generations').set(AUTH).send({ model: 'seedream-3.0', prompt: 'before reset' });
    await request(server.app).put('/__pixmock/scenario').send({ name: 'rate_limited' });
    await request(server.app).post('/__pixmock/clock').send({ advanceMs: 5_000 });
    const before = (await request(server.app).get('/__pixmock/health')).body;
    expect(before.state.tasks).toBe(1);
    expect(before.scenario).toBe('rate_limited');

    const reset = await request(server.app).post('/__pixmock/reset').set('Content-Type', 'application/json');
    expect(reset.status).toBe(200);
    const after = (await request(server.app).get('/__pixmock/health')).body;
    expect(Object.values(after.state as Record<string, number>).every((size) => size === 0)).toBe(true);
    expect(after.scenario).toBeNull();
    // Only the reset call itself is journaled after the journal was cleared.
    expect(after.journal).toBeLessThanOrEqual(1);
    expect(after).toMatchObject({ seed: 42, latency: 'instant', timeScale: 1, clock: { now: before.clock.now } });
    expect(server.context.limits.stateEntries).toBe(50);
  });
});

describe('header floods', () => {
  it('answers many small headers as documented, leaves a header block over 16 KiB to Node (431), and keeps serving', async () => {
    const servers = await createMockServers({ upstreams: ['chatfire'], ports: { chatfire: 0 }, latency: 'instant', seed: 1, graceMs: 0, contracts, renderer });
    const port = servers.upstreams.chatfire?.port ?? 0;
    try {
      const many = Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`x-h${i}`, 'v']));
      const flood = await sendRaw(port, undefined, { method: 'GET', path: '/v1/tasks/nope', headers: { ...many, ...AUTH } });
      expect(contracts.validateResponse('chatfire', 'getTask', { status: flood.status, contentType: flood.headers['content-type'], body: flood.json }).valid).toBe(true);
      const huge = await sendRaw(port, undefined, { method: 'GET', path: '/v1/tasks/nope', headers: { ...AUTH, 'x-huge': 'x'.repeat(20 * 1024) } });
      expect(huge.status).toBe(431);
      const health = await sendRaw(port, undefined, { method: 'GET', path: '/__pixmock/health', headers: {} });
      expect(health.status).toBe(200);
    } finally {
      await servers.close();
    }
  });
});

describe('pixmock serve options for shutdown and limits', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function parsedFlags(args: string[]) {
    let captured: Record<string, unknown> = {};
    const command = createServeCommand().action((flags: Record<string, unknown>) => {
      captured = flags;
    });
    await command.parseAsync(args, { from: 'user' });
    return captured;
  }

  it('reads --grace-ms and the four --max-* flags, and their PIXMOCK_* variables', async () => {
    expect(await parsedFlags(['--grace-ms', '250', '--max-body-bytes', '1000', '--max-upload-bytes', '2000', '--max-journal-entries', '30', '--max-state-entries', '40'])).toMatchObject({
      graceMs: 250,
      maxBodyBytes: 1000,
      maxUploadBytes: 2000,
      maxJournalEntries: 30,
      maxStateEntries: 40,
    });
    process.env.PIXMOCK_GRACE_MS = '0';
    process.env.PIXMOCK_MAX_STATE_ENTRIES = '7';
    expect(await parsedFlags([])).toMatchObject({ graceMs: 0, maxStateEntries: 7 });
  });

  it('passes them to the servers, defaults the grace period to 5000 ms, and fills the rest from the config file', async () => {
    const defaults = await resolveServeOptions({ host: '127.0.0.1', logLevel: 'silent' });
    expect(defaults.graceMs).toBe(DEFAULT_GRACE_MS);
    expect(DEFAULT_GRACE_MS).toBe(5_000);
    expect(defaults.limits).toEqual({});
    const config = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-limits-')), 'pixmock.yaml');
    await writeFile(config, 'graceMs: 1200\nlimits: { bodyBytes: 2048, journalEntries: 9 }\n');
    const options = await resolveServeOptions({ host: '127.0.0.1', logLevel: 'silent', config, maxBodyBytes: 4096, maxStateEntries: 3 });
    expect(options).toMatchObject({ graceMs: 1200, limits: { bodyBytes: 4096, journalEntries: 9, stateEntries: 3 } });
  });

  it.each([
    ['limits: { bodyBites: 5 }\n', /\/limits\/bodyBites: is not an option/],
    ['limits: { stateEntries: 0 }\n', /\/limits\/stateEntries is 0: must be >= 1/],
    ['graceMs: -1\n', /\/graceMs is -1: must be >= 0/],
  ])('refuses a config file with %j', async (text, message) => {
    const config = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-limits-')), 'pixmock.yaml');
    await writeFile(config, text);
    await expect(resolveServeOptions({ host: '127.0.0.1', logLevel: 'silent', config })).rejects.toThrow(message);
  });

  it.each(['0', '-3', '1.5', 'lots'])('refuses --max-body-bytes %s', async (value) => {
    let refused: Promise<unknown> = Promise.resolve();
    const command = createServeCommand().action((flags: Record<string, unknown>, self: Command) => {
      refused = resolveServeOptions({ logLevel: 'silent', ...flags }, { maxBodyBytes: self.getOptionValueSource('maxBodyBytes') });
    });
    await command.parseAsync(['--max-body-bytes', value], { from: 'user' });
    await expect(refused).rejects.toThrow(/^Failed to start: --max-body-bytes is .*Set --max-body-bytes to a whole number from 1 to 67108864\.$/);
  });
});
