/**
 * The short path of the JSON body parser answers exactly what express.json answers: every body
 * is sent once as plain `application/json` (short path) and once with a quoted charset parameter
 * (express.json), and the two answers must be the same.
 */
import express from 'express';
import { connect } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../contracts/index.js';
import { createManualClock } from '../sim/clock.js';
import { createMockServer, type MockServer } from './create-mock-servers.js';
import { listen, type ListeningServer } from './listen.js';

const SHORT_PATH_TYPE = 'application/json';
const GENERAL_PATH_TYPE = 'application/json; charset="utf-8"';
const PATH = '/v1/images/generations';

const BODIES: Record<string, Buffer> = {
  'an empty body': Buffer.alloc(0),
  'an object failing the schema': Buffer.from('{"model":1}'),
  'a byte-order mark before the object': Buffer.from('\uFEFF{"model":1}'),
  'a string at the top': Buffer.from('"draw a cat"'),
  'a number at the top': Buffer.from('1'),
  'null at the top': Buffer.from('null'),
  'an array after whitespace': Buffer.from(' \n\t[1]'),
  'a non-JSON space before the object': Buffer.from('\u00a0{}'),
  'unterminated JSON': Buffer.from('{"prompt":'),
  'invalid UTF-8 in a string': Buffer.concat([Buffer.from('{"model":"m","prompt":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
  'nesting deeper than the guard': Buffer.from(`{"prompt":${'['.repeat(300)}${']'.repeat(300)}}`),
};

let server: MockServer;
let listening: ListeningServer;
beforeAll(async () => {
  server = await createMockServer('chatfire', { clock: createManualClock(), seed: 3, latency: 'instant', contracts: await loadContracts() });
  listening = await listen(server.app, { host: '127.0.0.1', port: 0 });
});
afterAll(() => listening.close(0));

/** Over a real socket: the bytes go out exactly as given, with their Content-Length. */
async function post(body: Buffer, contentType: string) {
  const response = await fetch(`${listening.url}${PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.demo.apiKey}`, 'Content-Type': contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('JSON body short path', () => {
  it.each(Object.entries(BODIES))('answers %s as express.json does', async (_label, body) => {
    const short = await post(body, SHORT_PATH_TYPE);
    expect(short.status).toBeGreaterThanOrEqual(400);
    expect(short).toEqual(await post(body, GENERAL_PATH_TYPE));
  });

  it('parses a valid body on the short path', async () => {
    const response = await post(Buffer.from(JSON.stringify({ model: 'seedream-3.0', prompt: 'a cat' })), SHORT_PATH_TYPE);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'pending' });
  });

  it('keeps the body an outer app already parsed (the stream is read: no waiting for it)', async () => {
    const outer = express().use(express.json()).use(server.app as express.RequestHandler);
    const response = await request(outer)
      .post(PATH)
      .set('Authorization', `Bearer ${server.demo.apiKey}`)
      .send({ model: 'seedream-3.0', prompt: 'a cat' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'pending', prompt: 'a cat' });
  }, 5000);

  it('leaves the server answering after a client hangs up mid-body', async () => {
    const socket = connect(listening.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.demo.apiKey}\r\nContent-Type: ${SHORT_PATH_TYPE}\r\nContent-Length: 100\r\n\r\n{"model":`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    await new Promise((resolve) => socket.once('close', resolve));

    expect((await post(Buffer.from('{"model":1}'), SHORT_PATH_TYPE)).status).toBe(400);
  });
});
