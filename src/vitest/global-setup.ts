/**
 * One pixmock for a whole Vitest run: a `globalSetup` file default-exports
 * `pixmockGlobalSetup(options)` from `pixmock/vitest/global-setup` (a global setup runs outside
 * Vitest's workers, where importing `vitest` throws, so this module never loads it); the servers start before the first test file, their ready event
 * is `provide`d as `pixmock` (read it with `inject('pixmock')`), the variables in `env` are set for
 * the workers started afterwards, and everything stops when the run ends. Test files share its
 * state: reset it through the admin API (`POST <url>/__pixmock/reset`) where a test needs it empty.
 *
 * @example
 * // vitest.global-setup.ts, named in vitest.config.ts as test.globalSetup
 * import { pixmockGlobalSetup } from 'pixmock/vitest/global-setup';
 * export default pixmockGlobalSetup({ upstreams: ['dify'], env: { DIFY_API_BASE: 'dify.url/v1' } });
 */
import { startTestPixmock, type TestPixmockOptions } from './start-test-pixmock.js';
import type { ReadyUpstreams } from './env-bindings.js';

/** What a test file gets from `inject('pixmock')`. */
export interface ProvidedPixmock {
  seed: number;
  upstreams: ReadyUpstreams;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pixmock: ProvidedPixmock;
  }
}

/** The part of Vitest's `TestProject` a global setup uses. */
export interface GlobalSetupProject {
  provide(key: 'pixmock', value: ProvidedPixmock): void;
}

export function pixmockGlobalSetup(options: TestPixmockOptions = {}) {
  return async function setupPixmock(project: GlobalSetupProject): Promise<() => Promise<void>> {
    const pixmock = await startTestPixmock(options);
    project.provide('pixmock', { seed: pixmock.seed, upstreams: pixmock.ready });
    return () => pixmock.close();
  };
}
