import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The examples import pixmock by its package name, as a user's project does; here that is this checkout's source.
    alias: {
      'pixmock/vitest': fileURLToPath(new URL('src/vitest/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts', 'action/**/*.test.ts'],
    // An example's own node_modules (after npm install there) holds other packages' tests.
    exclude: ['src/**/*.live.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
