import { afterEach, expect, it } from 'vitest';
import { applyEnv, resolveEnv } from './env-bindings.js';

const UPSTREAMS = { dify: { url: 'http://127.0.0.1:5001', apiKey: 'app-demo' }, chatfire: { url: 'http://127.0.0.1:5002', apiKey: 'sk-demo' } };

afterEach(() => {
  delete process.env.PIXMOCK_TEST_NEW;
  delete process.env.PIXMOCK_TEST_OLD;
});

it.each([
  ['dify.url', 'http://127.0.0.1:5001'],
  ['chatfire.apiKey', 'sk-demo'],
  ['chatfire.url/v1', 'http://127.0.0.1:5002/v1'],
])('resolves %s from the ready event to %s', (binding, value) => {
  expect(resolveEnv({ NAME: binding }, UPSTREAMS)).toEqual({ NAME: value });
});

it('passes the upstreams to a binding that is a function', () => {
  expect(resolveEnv({ NAME: (upstreams) => `${upstreams.dify!.url}/api` }, UPSTREAMS)).toEqual({ NAME: 'http://127.0.0.1:5001/api' });
});

it.each([
  ['aibabe.url', /upstream "aibabe".*Use one of dify, chatfire/],
  ['dify.secret', /field "secret".*Use one of url, apiKey/],
  ['dify', /upstream ""/],
])('refuses %s, naming what it could be instead', (binding, message) => {
  expect(() => resolveEnv({ NAME: binding }, UPSTREAMS)).toThrow(message);
});

it('restores a variable that was set and removes one that was not', () => {
  process.env.PIXMOCK_TEST_OLD = 'before';
  const restore = applyEnv({ PIXMOCK_TEST_OLD: 'during', PIXMOCK_TEST_NEW: 'during' });
  expect([process.env.PIXMOCK_TEST_OLD, process.env.PIXMOCK_TEST_NEW]).toEqual(['during', 'during']);
  restore();
  expect(process.env.PIXMOCK_TEST_OLD).toBe('before');
  expect('PIXMOCK_TEST_NEW' in process.env).toBe(false);
});
