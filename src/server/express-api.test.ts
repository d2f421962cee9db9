import express from 'express';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import request from 'supertest';
import { afterEach, expect, it } from 'vitest';
import { ExpressRequest, ExpressResponse, withExpressApi } from './express-api.js';
import { listen, type ListeningServer } from './listen.js';

const app = express();
app.set('query parser', 'extended');
let listening: ListeningServer | undefined;

afterEach(async () => {
  await listening?.close(0);
  listening = undefined;
});

/** Answers what express's API says about the request, and which prototypes it had on arrival. */
function describeRequest(incoming: IncomingMessage, outgoing: ServerResponse) {
  const arrivedAs = [incoming instanceof ExpressRequest, outgoing instanceof ExpressResponse];
  const { req, res } = withExpressApi(app, incoming, outgoing);
  res.status(201).json({ arrivedAs, path: req.path, query: req.query, isJson: req.is('application/json'), sameResponse: req.res === res && res.req === req });
}

it('hands requests to a listen() server already carrying express API, so nothing is re-prototyped', async () => {
  listening = await listen(describeRequest);
  const response = await fetch(`${listening.url}/v1/x?a[b]=1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(201);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(await response.json()).toEqual({ arrivedAs: [true, true], path: '/v1/x', query: { a: { b: '1' } }, isJson: 'application/json', sameResponse: true });
});

it("adopts a request from another server (supertest's) the way express itself would", async () => {
  const response = await request(createServer(describeRequest)).post('/v1/y').send({ a: 1 });
  expect(response.status).toBe(201);
  expect(response.body).toEqual({ arrivedAs: [false, false], path: '/v1/y', query: {}, isJson: 'application/json', sameResponse: true });
});
