/**
 * HTTP/1.1 pipelining: requests sent back to back on one connection, before any answer, are
 * answered in order like any others. Node queues a pipelined request's response without a socket
 * until the ones before it are written, so "no socket" must not read as "the client left".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../auth/index.js';
import { loadContracts } from '../../contracts/index.js';
import { createImageRenderer } from '../../imaging/index.js';
import { sendPipelined, type PipelinedRequest } from '../../test-helpers/pipelined-requests.js';
import type { UpstreamId } from '../../app/create-mock-servers.js';
import { createMockServer, type MockServer } from '../../app/create-mock-servers.js';
import { listen, type ListeningServer } from '../listen.js';

const PIPELINED = 3;
const contracts = await loadContracts();
const renderer = createImageRenderer();
const open: ListeningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listening) => listening.close(0)));
});

/** Realistic latencies on the system clock, a thousand times faster: every request really waits. */
async function start(id: UpstreamId): Promise<{ server: MockServer; port: number }> {
  const server = await createMockServer(id, { latency: 'realistic', timeScale: 1000, seed: 9, contracts, renderer });
  const listening = await listen(server.app);
  open.push(listening);
  return { server, port: listening.port };
}

function json(body: unknown, headers: Record<string, string>): Pick<PipelinedRequest, 'headers' | 'body'> {
  return { headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function signed(server: MockServer, path: string, body: unknown, requestId: string): PipelinedRequest {
  const { apiKey = '', apiSecret = '', userId = '' } = server.demo;
  const headers = signRequest({ apiKey, apiSecret, userId, method: 'POST', path, body, requestId });
  return { method: 'POST', path, ...json(body, headers) };
}

describe('pipelined requests', () => {
  it('answers aibabe chat images in order, each with its own image', async () => {
    const { server, port } = await start('aibabe');
    const agentId = server.demo.agentId;
    const [created] = await sendPipelined(port, [signed(server, '/v1/chat/conversation', { agentId }, 'conversation-0')]);
    const { conversationId } = JSON.parse(String(created?.body)).data;
    const requests = Array.from({ length: PIPELINED }, (_, i) =>
      signed(server, '/v1/chat/image', { agentId, conversationId, text: `pipelined ${i}`, language: 'en', metadata: { i } }, `pipelined-${i}`),
    );
    const answers = await sendPipelined(port, requests);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => JSON.parse(String(answer.body)).data.metadata)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
  });

  it('answers chatfire generations in order with pending tasks', async () => {
    const { server, port } = await start('chatfire');
    const auth = { Authorization: `Bearer ${server.demo.apiKey}` };
    const requests = Array.from({ length: PIPELINED }, (_, i) => ({
      method: 'POST',
      path: '/v1/images/generations',
      ...json({ model: 'seedream-3.0', prompt: `pipelined ${i}` }, auth),
    }));
    const answers = await sendPipelined(port, requests);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => JSON.parse(String(answer.body)).prompt)).toEqual(['pipelined 0', 'pipelined 1', 'pipelined 2']);
  });

  it('answers a Dify blocking run and the reads behind it in order', async () => {
    const { server, port } = await start('dify');
    const auth = { Authorization: `Bearer ${server.demo.apiKey}` };
    const answers = await sendPipelined(port, [
      { method: 'POST', path: '/v1/workflows/run', ...json({ inputs: { prompt: 'pipelined' }, response_mode: 'blocking', user: 'u' }, auth) },
      { method: 'GET', path: '/v1/parameters', headers: auth },
      { method: 'GET', path: '/v1/info', headers: auth },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const [run, parameters, info] = answers.map((answer) => JSON.parse(String(answer.body)));
    expect(run.data.status).toBe('succeeded');
    expect(parameters).toHaveProperty('user_input_form');
    expect(info).toHaveProperty('name');
  });
});
