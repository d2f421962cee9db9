/**
 * Test-only: the fuzz harness shared by the per-upstream `*.fuzz.test.ts` files and the hardening
 * tests, one job per file in fuzz/: an upstream server on a manual clock with `instant` latency
 * (fuzz-server), a raw HTTP client that can send any bytes (raw-http), fast-check arbitraries for
 * hostile requests (body-arbitraries, request-arbitraries, prototype-names, fuzz-case), the one
 * check every answer must pass (judge-answer), the runs (fuzz-upstream, fuzz-pipelined) and the
 * tests that wire them (define-fuzz-checks).
 *
 * The seed is fixed and printed; `PIXMOCK_FUZZ_SEED=<n>` replays another run, and
 * `PIXMOCK_FUZZ_CASES=<n>` changes the number of cases per upstream.
 */
export { defineFuzzChecks } from './define-fuzz-checks.js';
export type { AuthInput, UpstreamFuzz } from './fuzz-case.js';
export { startFuzzServer, type FuzzServer } from './fuzz-server.js';
export { FUZZ_SEED } from './fuzz-settings.js';
export { memoryLogger } from './memory-logger.js';
export { PROTOTYPE_NAMES, prototypeCredential } from './prototype-names.js';
export { sendRaw } from './raw-http.js';
export { paramArb } from './request-arbitraries.js';
