import { defineConfig } from 'vitest/config';

/** `npm run test:live`: the contract suite against live targets named by environment variables. */
export default defineConfig({
  test: {
    include: ['src/**/*.live.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 60_000,
  },
});
