/**
 * `pixmock proxy` as the command runs it, against a hand-written upstream that answers one
 * undocumented status: the violation is printed as it happens, and the reports and exit code
 * say so once the proxy is stopped.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn, type StandInUpstream } from '../proxy/test-helpers/stand-in-upstream.js';
import { startProxy } from './proxy-command.js';

let standIn: StandInUpstream;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pixmock-proxy-cli-'));
  standIn = await startStandIn({ 'GET /v1/info': (_req, res) => void res.writeHead(418, { 'content-type': 'application/json' }).end('{}') });
});

afterAll(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

it('prints each violation as it happens and writes both reports when stopped, exiting 1', async () => {
  const lines: string[] = [];
  const report = { junit: path.join(dir, 'proxy.xml'), json: path.join(dir, 'proxy.json') };
  const running = await startProxy({ upstream: 'dify', target: standIn.url, port: 0, host: '127.0.0.1', report }, (line) => lines.push(line));
  const response = await fetch(`${running.url}/v1/info`, { headers: { authorization: 'Bearer app-cli-secret-key' } });
  expect(response.status).toBe(418);
  expect(await running.stop()).toBe(1);
  expect(lines.join('')).toMatch(/^getInfo GET \/v1\/info → 418: status_code_conformance at status: Received: 418/m);
  const json = JSON.parse(await readFile(report.json, 'utf8')) as { passed: boolean; summary: { cases: number } };
  expect(json).toMatchObject({ passed: false, summary: { cases: 1 } });
  expect(await readFile(report.junit, 'utf8')).toContain('status_code_conformance');
  expect(await readFile(report.json, 'utf8')).not.toContain('app-cli-secret-key');
});

it('records each exchange under --record, redacted, and logs a recording it cannot write', async () => {
  const record = path.join(dir, 'recordings');
  const recording = await startProxy({ upstream: 'dify', target: standIn.url, port: 0, host: '127.0.0.1', report: {}, record }, () => undefined);
  await (await fetch(`${recording.url}/v1/info`, { headers: { authorization: 'Bearer app-cli-secret-key' } })).arrayBuffer();
  await recording.stop();
  expect(await readdir(path.join(record, 'dify', 'getInfo'))).toEqual(['0001-418.json']);
  expect(await readFile(path.join(record, 'dify', 'getInfo', '0001-418.json'), 'utf8')).not.toContain('app-cli-secret-key');

  const lines: string[] = [];
  const notADir = path.join(dir, 'not-a-dir');
  await writeFile(notADir, '');
  const failing = await startProxy({ upstream: 'dify', target: standIn.url, port: 0, host: '127.0.0.1', report: {}, record: notADir }, (line) => lines.push(line));
  expect((await fetch(`${failing.url}/v1/info`)).status).toBe(418);
  await failing.stop();
  expect(lines.join('')).toMatch(/^getInfo GET \/v1\/info → 418: not recorded: /m);
});
