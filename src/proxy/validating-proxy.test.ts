/**
 * The validating proxy over real sockets, in front of independent stand-ins for the real Dify: a
 * hand-written node:http server that drifts in known ways, and pixmock's own mock as a
 * well-behaved upstream reached by the untouched dify-client package.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CompletionClient } from 'dify-client';
import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../app/create-mock-servers.js';
import { listen, type ListeningServer } from '../server/listen.js';
import { createJsonReporter, createJunitReporter } from '../suite/index.js';
import type { ProxyJournalEntry } from './proxy-journal.js';
import { sha256, signal, startStandIn, type StandInUpstream } from './test-helpers/stand-in-upstream.js';
import { createValidatingProxy, type ValidatingProxy } from './validating-proxy.js';

/** The package's index.d.ts (2.3.2) omits runWorkflow, which its index.js has. */
interface WorkflowCapableClient extends CompletionClient {
  runWorkflow(inputs: Record<string, unknown>, user: string, stream?: boolean): Promise<{ status: number; headers: Record<string, unknown>; data: any }>;
}

const API_KEY = 'app-StandInSecretKey42';
const SIGN = 'c2lnbmF0dXJlLW9mLXRoZS1maWxl';
const BIG_PNG_SIDE = 1400;

let mock: ListeningServer;
let mockKey: string;
let standIn: StandInUpstream;
let proxy: ValidatingProxy;
let proxyUrl: string;
let closeProxy: () => Promise<void>;
let bigPng: Buffer;
let streamEvents: string[];
let parametersBody: Record<string, unknown>;
/** Resolved by the test as it reads each event of the slow stream: the stand-in writes the next only then. */
const eventSeen: ReturnType<typeof signal<void>>[] = [];
const abortReachedUpstream = signal();

beforeAll(async () => {
  const dify = await createMockServer('dify', { latency: 'fast', timeScale: 100, seed: 1 });
  mockKey = dify.demo.apiKey as string;
  mock = await listen(dify.app);
  // Conforming bodies come from pixmock's mock; the stand-in replays them, slowly or with one drift.
  const auth = { authorization: `Bearer ${mockKey}`, 'content-type': 'application/json' };
  const sse = await (await fetch(`${mock.url}/v1/workflows/run`, { method: 'POST', headers: auth, body: JSON.stringify({ inputs: { prompt: 'a boat' }, response_mode: 'streaming', user: 'u1' }) })).text();
  streamEvents = sse.split('\n\n').filter(Boolean).map((block) => `${block}\n\n`);
  parametersBody = await (await fetch(`${mock.url}/v1/parameters`, { headers: auth })).json() as Record<string, unknown>;
  // Noise compresses badly: a PNG of several megabytes.
  bigPng = await sharp(Buffer.from(Array.from({ length: BIG_PNG_SIDE * BIG_PNG_SIDE * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: BIG_PNG_SIDE, height: BIG_PNG_SIDE, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();

  standIn = await startStandIn({
    'GET /files/tools/big.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(bigPng.length) });
      res.end(bigPng);
    },
    'GET /files/tools/fake.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]));
    },
    'POST /v1/workflows/run': async (req, res, body) => {
      const mode = (JSON.parse(body.toString('utf8')) as { response_mode: string; inputs: { prompt: string } });
      if (mode.inputs.prompt === 'undocumented status') {
        res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (mode.inputs.prompt === 'hang') {
        res.write(streamEvents[0]);
        req.socket.on('close', () => abortReachedUpstream.resolve());
        return;
      }
      if (mode.inputs.prompt === 'cut') {
        // Cut once the first event is on the wire (destroying at once would drop it unsent).
        res.write(streamEvents[0], () => res.destroy());
        return;
      }
      for (const [i, event] of streamEvents.entries()) {
        res.write(event);
        if (i < streamEvents.length - 1) await eventSeen[i]?.promise;
      }
      res.end();
    },
    'GET /v1/parameters': (_req, res) => {
      const { file_upload: _dropped, ...drifted } = parametersBody;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(drifted));
    },
    'GET /v1/info': (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no such app' }));
    },
  });
  proxy = await createValidatingProxy({ upstream: 'dify', target: standIn.url });
  ({ url: proxyUrl, close: closeProxy } = await proxy.listen());
});

afterAll(async () => {
  await closeProxy?.();
  await standIn?.close();
  await mock?.close(0);
});

async function judged(response: Response): Promise<ProxyJournalEntry> {
  await response.arrayBuffer().catch(() => undefined);
  await proxy.settled();
  const entry = proxy.journal.list({ limit: 1 })[0];
  if (!entry) throw new Error('the proxy journaled nothing');
  return entry;
}

const checksOf = (entry: ProxyJournalEntry) => entry.violations.map((v) => `${v.check} at ${v.pointer}`);
const run = (prompt: string) => fetch(`${proxyUrl}/v1/workflows/run`, {
  method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ inputs: { prompt }, response_mode: 'streaming', user: 'u1' }),
});

describe('pixmock proxy in front of a hand-written upstream', () => {
  it('passes a multi-megabyte PNG through byte for byte and finds nothing wrong with it', async () => {
    const response = await fetch(`${proxyUrl}/files/tools/big.png?timestamp=1&nonce=n&sign=${SIGN}`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(bigPng.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(sha256(body)).toBe(sha256(bigPng));
    await proxy.settled();
    expect(checksOf(proxy.journal.list({ limit: 1 })[0] as ProxyJournalEntry)).toEqual([]);
  });

  it('streams an event stream event by event, unchanged, and finds nothing wrong with it', async () => {
    eventSeen.push(...streamEvents.map(() => signal()));
    const requestBody = JSON.stringify({ inputs: { prompt: 'a slow boat' }, response_mode: 'streaming', user: 'u1' });
    const response = await fetch(`${proxyUrl}/v1/workflows/run`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'x-signature': 'kept-as-sent' }, body: requestBody });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Buffer[] = [];
    let text = '';
    // The stand-in writes event n+1 only once the client has read event n: a buffering proxy would hang here.
    for (let seen = 0; ;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
      text += Buffer.from(value).toString('utf8');
      while (seen < streamEvents.length && text.split('\n\n').length - 1 > seen) eventSeen[seen++]?.resolve();
    }
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(Buffer.from(streamEvents.join(''))));
    const sent = standIn.received.at(-1);
    expect(sent?.bodySha256).toBe(sha256(Buffer.from(requestBody)));
    expect(sent?.headers['x-signature']).toBe('kept-as-sent');
    await proxy.settled();
    expect(checksOf(proxy.journal.list({ limit: 1 })[0] as ProxyJournalEntry)).toEqual([]);
  });

  it.each([
    ['an undocumented status, also in x-pixmock-violations', () => run('undocumented status'), ['status_code_conformance at status'], 'status_code_conformance at status'],
    ['a body missing a required field', () => fetch(`${proxyUrl}/v1/parameters`, { headers: { authorization: `Bearer ${API_KEY}` } }), ['response_schema_conformance at /file_upload'], null],
    ['a JPEG served as a PNG', () => fetch(`${proxyUrl}/files/tools/fake.png?sign=${SIGN}`), ['image_validity at '], null],
    ['a stream cut before workflow_finished', () => run('cut'), ['sse_grammar at event[0]/event'], null],
  ])('reports exactly %s', async (_drift, send, expected, header) => {
    const response = await send();
    expect(response.headers.get('x-pixmock-violations')).toBe(header);
    expect(checksOf(await judged(response))).toEqual(expected);
  });

  it('reports an error without Dify\'s code and status as each check that guards them sees it', async () => {
    const entry = await judged(await fetch(`${proxyUrl}/v1/info`, { headers: { authorization: `Bearer ${API_KEY}` } }));
    expect(entry.status).toBe(404);
    expect(checksOf(entry)).toEqual([
      'response_schema_conformance at /code', 'response_schema_conformance at /status', 'envelope_rules at /code', 'envelope_rules at /status', 'documented_error at /code',
    ]);
  });

  it('passes a client abort on to the upstream request', async () => {
    const controller = new AbortController();
    const response = await fetch(`${proxyUrl}/v1/workflows/run`, {
      method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ inputs: { prompt: 'hang' }, response_mode: 'streaming', user: 'u1' }), signal: controller.signal,
    });
    await (response.body as ReadableStream<Uint8Array>).getReader().read();
    controller.abort();
    await abortReachedUpstream.promise;
    await proxy.settled();
    const entry = proxy.journal.list({ limit: 1 })[0] as ProxyJournalEntry;
    expect(entry.state).toBe('aborted');
    expect(entry.violations).toEqual([]);
  });

  it('keeps keys and signatures out of its journal and its reports', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-proxy-'));
    try {
      const result = proxy.result();
      const reporters = [createJsonReporter({ path: path.join(dir, 'proxy.json') }), createJunitReporter({ path: path.join(dir, 'proxy.xml') })];
      for (const reporter of reporters) {
        reporter.onEvent({ type: 'run-end', result });
        await reporter.close?.();
      }
      const journal = await (await fetch(`${proxyUrl}/__pixmock/requests`)).text();
      const written = [journal, await readFile(path.join(dir, 'proxy.json'), 'utf8'), await readFile(path.join(dir, 'proxy.xml'), 'utf8')];
      for (const text of written) {
        expect(text).not.toContain('StandInSecretKey42');
        expect(text).not.toContain(SIGN);
        expect(text).not.toContain('kept-as-sent');
      }
      expect(written[1]).toContain('"sign": "***"');
      expect(result.summary.failed).toBe(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('pixmock proxy in front of pixmock\'s mock, with the upstreams\' own clients', () => {
  it('lets dify-client run a workflow both ways and download its image, with no violation', async () => {
    const conforming = await createValidatingProxy({ upstream: 'dify', target: mock.url });
    const { url, close } = await conforming.listen();
    try {
      const client = new CompletionClient(mockKey, `${url}/v1`) as WorkflowCapableClient;
      const blocking = await client.runWorkflow({ prompt: 'a lighthouse' }, 'u1', false);
      expect(blocking.data.data.status).toBe('succeeded');
      const streaming = await client.runWorkflow({ prompt: 'a lighthouse at dusk' }, 'u1', true);
      let text = '';
      for await (const chunk of streaming.data as Readable) text += String(chunk);
      expect(text).toContain('workflow_finished');
      const png = await fetch(`${url}${blocking.data.data.outputs.files[0].url as string}`);
      expect(png.headers.get('content-type')).toBe('image/png');
      await png.arrayBuffer();
      await conforming.settled();
      const entries = conforming.journal.list();
      expect(entries.map((e) => e.operationId)).toEqual(['runWorkflow', 'runWorkflow', 'getToolFile']);
      expect(entries.flatMap((e) => e.violations)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('lets the openai client generate images through chatfire\'s contract, with no violation', async () => {
    const chatfire = await listen((await createMockServer('chatfire', { latency: 'fast', timeScale: 100, seed: 1 })).app);
    const conforming = await createValidatingProxy({ upstream: 'chatfire', target: chatfire.url });
    const { url, close } = await conforming.listen();
    try {
      const client = new OpenAI({ apiKey: 'sk-pixmock-openai', baseURL: `${url}/v1`, maxRetries: 0 });
      const result = await client.images.generate({ model: 'dall-e-3', prompt: 'a lighthouse', size: '1024x1024' });
      expect(result.data).toHaveLength(1);
      await conforming.settled();
      const entries = conforming.journal.list();
      expect(entries.map((e) => [e.operationId, e.status])).toEqual([['createImageGeneration', 200]]);
      expect(entries.flatMap((e) => e.violations)).toEqual([]);
    } finally {
      await close();
      await chatfire.close(0);
    }
  });
});
