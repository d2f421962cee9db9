/**
 * `usePixmock(options)` in a Vitest test file: starts the upstreams before the file's tests, resets
 * them before each test, stops them and restores the environment after the last. The handle it
 * returns works once the file's `beforeAll` hooks have run, that is inside tests and later hooks.
 *
 * @example
 * const pixmock = usePixmock({ upstreams: ['dify'], env: { DIFY_API_BASE: 'dify.url/v1', DIFY_API_KEY: 'dify.apiKey' } });
 * it('sends one workflow run', async () => {
 *   await makePicture('a red fox');
 *   expect(pixmock.requests('dify', { operationId: 'runWorkflow' })).toHaveLength(1);
 * });
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestPixmock, type TestPixmock, type TestPixmockOptions } from './start-test-pixmock.js';

export function usePixmock(options: TestPixmockOptions = {}): TestPixmock {
  let started: TestPixmock | undefined;
  beforeAll(async () => {
    started = await startTestPixmock(options);
  });
  beforeEach(() => running().reset());
  afterAll(() => started?.close());
  const running = (): TestPixmock => {
    if (!started) throw new Error('Failed to use pixmock: it starts in beforeAll. Use the handle inside a test or a hook, not while the file is collected.');
    return started;
  };
  return {
    get seed() {
      return running().seed;
    },
    get upstreams() {
      return running().upstreams;
    },
    get ready() {
      return running().ready;
    },
    url: (id) => running().url(id),
    requests: (id, filter) => running().requests(id, filter),
    advance: (ms) => running().advance(ms),
    scenario: (id, name) => running().scenario(id, name),
    reset: () => running().reset(),
    close: () => running().close(),
  };
}
