/** `pixmock wait` as a pipeline runs it: a real process, its exit code and its one line per URL. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockServer, listen, type ListeningServer } from '../index.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let handle: ListeningServer;
let closedUrl: string;

beforeAll(async () => {
  handle = await listen((await createMockServer('dify', { latency: 'instant' })).app);
  const closed = await listen((await createMockServer('dify', { latency: 'instant' })).app);
  closedUrl = closed.url;
  await closed.close(0);
});

afterAll(() => handle?.close(0));

function wait(...args: string[]) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', MAIN, 'wait', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

it('exits 0 with one line per URL once each answers healthy, and 1 naming the URL that did not', async () => {
  const [ready, notReady] = await Promise.all([wait('--url', handle.url, '--timeout', '5000'), wait('--url', handle.url, '--url', closedUrl, '--timeout', '300')]);
  expect(ready).toEqual({ code: 0, stdout: `pixmock: dify ready at ${handle.url}/__pixmock/health\n`, stderr: '' });
  expect(notReady.code).toBe(1);
  expect(notReady.stderr).toBe(`pixmock wait: Failed to see ${closedUrl}/__pixmock/health healthy within 300 ms: ECONNREFUSED. Check that pixmock serve runs on that port, or raise --timeout.\n`);
});

it('exits 2 on a URL that is not http', async () => {
  const { code, stderr } = await wait('--url', 'ftp://127.0.0.1:1');
  expect(code).toBe(2);
  expect(stderr).toMatch(/Expected an http\(s\) URL/);
});
