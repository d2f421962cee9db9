/** `pixmock/vitest`: pixmock in a Vitest test file (`usePixmock`) or for a whole run (`pixmockGlobalSetup`). */
export { usePixmock } from './use-pixmock.js';
export { pixmockGlobalSetup, type GlobalSetupProject, type ProvidedPixmock } from './global-setup.js';
export { startTestPixmock, type TestPixmock, type TestPixmockOptions } from './start-test-pixmock.js';
export type { EnvBinding, EnvBindings, ReadyUpstreams } from './env-bindings.js';
