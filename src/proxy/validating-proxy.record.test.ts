/**
 * `--record` over real sockets, in front of a hand-written Dify: what the client got is what the
 * recording holds (JSON inline, stream events in order with their offsets, an image in a file
 * beside the JSON with the same hash), with no secret in any file, and a recording that cannot
 * be written changes nothing for the client.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RecordedExchange } from './capture-exchange.js';
import type { ProxyJournalEntry } from './proxy-journal.js';
import { sha256, startStandIn, type StandInUpstream } from './test-helpers/stand-in-upstream.js';
import { createValidatingProxy } from './validating-proxy.js';

const API_KEY = 'app-RecordedSecretKey42';
const SIGN = 'c2lnbmF0dXJlLW9mLWEtcmVjb3JkaW5n';
const SIGNED_URL = `https://files.example/files/tools/cat.png?timestamp=1&nonce=n&sign=${SIGN}`;
const EVENTS = [
  'event: ping\n\n',
  `data: {"event": "workflow_started", "task_id": "t1", "data": {"id": "r1"}}\n\n`,
  `data: {"event": "workflow_finished", "task_id": "t1", "data": {"id": "r1", "outputs": {"url": "${SIGNED_URL}"}}}\n\n`,
];

let standIn: StandInUpstream;
let dir: string;
let png: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pixmock-record-'));
  png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).png().toBuffer();
  standIn = await startStandIn({
    'POST /v1/workflows/run': async (_req, res, body) => {
      const request = JSON.parse(body.toString('utf8')) as { response_mode: string };
      if (request.response_mode === 'blocking') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ task_id: 't0', data: { status: 'succeeded', outputs: { url: SIGNED_URL } } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // The last event is split across two writes: the recording must still see one event.
      const [first, second, last] = EVENTS as [string, string, string];
      for (const part of [first, second, last.slice(0, 20), last.slice(20)]) await new Promise<void>((written) => res.write(part, () => written()));
      res.end();
    },
    'GET /files/tools/cat.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
      res.end(png);
    },
  });
});

afterAll(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

/** A proxy recording into `recordDir`, for one test; stopped once the test's exchanges are recorded. */
async function withProxy<T>(recordDir: string, use: (url: string) => Promise<T>, extra: { judgedBodyBytes?: number } = {}) {
  const errors: Error[] = [];
  const proxy = await createValidatingProxy({ upstream: 'dify', target: standIn.url, record: recordDir, onRecordError: (error) => errors.push(error), ...extra });
  const { url, close } = await proxy.listen();
  try {
    const value = await use(url);
    await proxy.settled();
    return { value, errors, entries: proxy.journal.list() };
  } finally {
    await close();
  }
}

const authorization = { authorization: `Bearer ${API_KEY}` };
const runWorkflow = (url: string, mode: 'blocking' | 'streaming') => fetch(`${url}/v1/workflows/run`, {
  method: 'POST',
  headers: { ...authorization, 'content-type': 'application/json' },
  // A careless client that puts its key in the inputs too: the recording masks it there as well.
  body: JSON.stringify({ inputs: { prompt: 'a cat', note: API_KEY }, response_mode: mode, user: 'u1' }),
});

async function recordingIn(folder: string): Promise<RecordedExchange[]> {
  const names = (await readdir(path.join(dir, 'dify', folder))).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(dir, 'dify', folder, name), 'utf8')) as RecordedExchange));
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

it('records a JSON exchange: the redacted request with its JSON body, and the response body inline as JSON', async () => {
  const { value: body } = await withProxy(dir, async (url) => (await runWorkflow(url, 'blocking')).json());
  const [recorded] = await recordingIn('runWorkflow');
  expect(recorded).toMatchObject({
    format: 'pixmock-recording/1', upstream: 'dify', operationId: 'runWorkflow', state: 'complete',
    request: { method: 'POST', path: '/v1/workflows/run', headers: { authorization: '***' }, body: { kind: 'json', json: { inputs: { prompt: 'a cat', note: '***' }, response_mode: 'blocking' } } },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'json', json: { task_id: 't0', data: { outputs: { url: SIGNED_URL.replace(SIGN, '***') } } } } },
  });
  expect(body).toMatchObject({ data: { outputs: { url: SIGNED_URL } } });
});

it('records a Dify event stream as its events in order, each with a non-decreasing offset from the response start', async () => {
  const { value: text } = await withProxy(dir, async (url) => (await runWorkflow(url, 'streaming')).text());
  expect(text).toBe(EVENTS.join(''));
  const streamed = (await recordingIn('runWorkflow')).find((r) => r.response.body.kind === 'events');
  if (streamed?.response.body.kind !== 'events') throw new Error('no stream was recorded');
  const { events } = streamed.response.body;
  expect(events.map((e) => e.event ?? (e.json as { event: string }).event)).toEqual(['ping', 'workflow_started', 'workflow_finished']);
  expect(events.at(-1)?.json).toMatchObject({ data: { outputs: { url: SIGNED_URL.replace(SIGN, '***') } } });
  const offsets = events.map((e) => e.atMs);
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  expect(offsets[0]).toBeGreaterThanOrEqual(0);
});

it('records a PNG download as a file beside the JSON with the same SHA-256 as the client got, the sign= in its path masked', async () => {
  const { value: received } = await withProxy(dir, async (url) => Buffer.from(await (await fetch(`${url}/files/tools/cat.png?timestamp=1&nonce=n&sign=${SIGN}`)).arrayBuffer()));
  const [recorded] = await recordingIn('getToolFile');
  expect(recorded?.request).toMatchObject({ path: '/files/tools/cat.png', query: { sign: '***', nonce: 'n' } });
  expect(recorded?.response.body).toEqual({ kind: 'file', file: '0001-200.png', contentType: 'image/png', bytes: png.length, sha256: sha256(png) });
  expect(sha256(await readFile(path.join(dir, 'dify', 'getToolFile', '0001-200.png')))).toBe(sha256(received));
});

it('writes no secret into any recorded file', async () => {
  const own = await mkdtemp(path.join(tmpdir(), 'pixmock-record-secrets-'));
  try {
    await withProxy(own, async (url) => {
      for (const mode of ['blocking', 'streaming'] as const) await (await runWorkflow(url, mode)).arrayBuffer();
      await (await fetch(`${url}/files/tools/cat.png?timestamp=1&nonce=n&sign=${SIGN}`, { headers: authorization })).arrayBuffer();
    });
    const files = await filesUnder(own);
    expect(files.length).toBe(4);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of [API_KEY, SIGN]) expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});

it('numbers a later recording of the same operation after the earlier ones instead of overwriting them', async () => {
  const own = await mkdtemp(path.join(tmpdir(), 'pixmock-record-numbers-'));
  try {
    for (const run of [1, 2]) await withProxy(own, async (url) => (await runWorkflow(url, run === 1 ? 'blocking' : 'streaming')).arrayBuffer());
    expect((await readdir(path.join(own, 'dify', 'runWorkflow'))).sort()).toEqual(['0001-200.json', '0002-200.json']);
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});

it('notes a body larger than the judged-body bound as not recorded', async () => {
  const small = await mkdtemp(path.join(tmpdir(), 'pixmock-record-bound-'));
  try {
    await withProxy(small, async (url) => (await fetch(`${url}/files/tools/cat.png?sign=${SIGN}`)).arrayBuffer(), { judgedBodyBytes: 64 });
    const [name] = await readdir(path.join(small, 'dify', 'getToolFile'));
    const recorded = JSON.parse(await readFile(path.join(small, 'dify', 'getToolFile', name ?? ''), 'utf8')) as RecordedExchange;
    expect(recorded.response.body).toMatchObject({ kind: 'not-recorded', bytes: png.length });
  } finally {
    await rm(small, { recursive: true, force: true });
  }
});

it('gives the client the same response when the recording cannot be written, and reports the failure', async () => {
  const notADir = path.join(dir, 'a-file');
  await writeFile(notADir, 'not a folder');
  const { value: received, errors, entries } = await withProxy(notADir, async (url) => {
    const response = await fetch(`${url}/files/tools/cat.png?sign=${SIGN}`);
    return { status: response.status, type: response.headers.get('content-type'), sha: sha256(Buffer.from(await response.arrayBuffer())) };
  });
  expect(received).toEqual({ status: 200, type: 'image/png', sha: sha256(png) });
  expect(errors).toHaveLength(1);
  expect((entries[0] as ProxyJournalEntry).notes).toEqual([expect.stringMatching(/^the exchange was not recorded: /)]);
});
