/**
 * The official `dify-client` npm package, untouched, against the mock over a real socket.
 */
import { CompletionClient } from 'dify-client';
import { createParser } from 'eventsource-parser';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPngSize } from '../../imaging/index.js';
import { listen, type ListeningServer } from '../../server/listen.js';
import { createSystemClock } from '../../sim/clock.js';
import { createDifyTestServer, expectContract, expectEvent, type DifyTestServer } from './test-helpers/dify-test-server.js';

/** The package's index.js has CompletionClient.runWorkflow, but its index.d.ts (2.3.2) omits it. */
interface WorkflowCapableClient extends CompletionClient {
  runWorkflow(inputs: Record<string, unknown>, user: string, stream?: boolean): Promise<{ status: number; headers: Record<string, unknown>; data: any }>;
}

let server: DifyTestServer;
let handle: ListeningServer;
let client: WorkflowCapableClient;

beforeAll(async () => {
  server = await createDifyTestServer({ clock: createSystemClock(), latency: 'fast', timeScale: 10 });
  handle = await listen(server.app);
  client = new CompletionClient(server.auth.Authorization.replace('Bearer ', ''), `${handle.url}/v1`) as WorkflowCapableClient;
});

afterAll(async () => {
  await handle.close(0);
  server.clock.dispose();
});

async function downloadPng(url: string): Promise<Buffer> {
  const response = await fetch(`${handle.url}${url}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('dify-client 2.3.2 against the mock', () => {
  it('runs the workflow in blocking mode and the file url downloads as a 512×512 PNG', async () => {
    const response = await client.runWorkflow({ prompt: '一个胸有成竹的男人', model_name: 'chilloutmix_NiPrunedFp32Fix' }, 'alg123', false);
    expectContract(server.context, 'runWorkflow', { status: response.status, contentType: String(response.headers['content-type']), body: response.data });
    expect(response.data.data.status).toBe('succeeded');
    const png = await downloadPng(response.data.data.outputs.files[0].url);
    expect(readPngSize(png)).toEqual({ width: 512, height: 512 });
  });

  it('runs the workflow in streaming mode and the workflow_finished file downloads as a 512×512 PNG', async () => {
    const response = await client.runWorkflow({ prompt: 'a lighthouse at dusk' }, 'abc-123', true);
    expect(String(response.headers['content-type'])).toMatch(/^text\/event-stream/);
    const events: Record<string, unknown>[] = [];
    const parser = createParser({ onEvent: (message) => events.push(JSON.parse(message.data) as Record<string, unknown>) });
    for await (const chunk of response.data as Readable) parser.feed(String(chunk));
    for (const event of events) expectEvent(server.context, event);
    expect(events[0]?.event).toBe('workflow_started');
    const finished = events.at(-1) as { event: string; data: { status: string; outputs: { files: { url: string }[] } } };
    expect(finished.event).toBe('workflow_finished');
    expect(finished.data.status).toBe('succeeded');
    const png = await downloadPng(finished.data.outputs.files[0]?.url ?? '');
    expect(readPngSize(png)).toEqual({ width: 512, height: 512 });
  });

  it('reads the app parameters through getApplicationParameters', async () => {
    const response = await client.getApplicationParameters('abc-123');
    expectContract(server.context, 'getParameters', { status: response.status, contentType: String(response.headers['content-type']), body: response.data });
  });
});
