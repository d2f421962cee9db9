/**
 * Fuzz: ≥ 10,000 hostile requests over every Dify operation and unknown routes — malformed and
 * random JSON, wrong content types (Dify's 415), deep nesting, invalid UTF-8, multipart abuse on
 * /v1/files/upload (no boundary, truncated, wrong field names, many files, a file over the upload
 * limit) and traversal on the signed tool-file route (`/files/tools/..%2F..%2Fetc%2Fpasswd`).
 */
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { defineFuzzChecks, FUZZ_SEED, paramArb, PROTOTYPE_NAMES, prototypeCredential, startFuzzServer, type FuzzServer, type UpstreamFuzz } from '../../test-helpers/fuzz/index.js';

let fuzz: FuzzServer;

const user = fc.constantFrom('alg123', '', 'u'.repeat(300), ...PROTOTYPE_NAMES);

const spec: UpstreamFuzz = {
  authModes: ['demo', 'demo', 'demo', 'none', 'unknown', 'prototype', 'scheme', 'garbage'],
  authHeaders(mode, input): Record<string, string> {
    if (mode === 'prototype') return { Authorization: `Bearer ${prototypeCredential(input)}` };
    if (mode === 'demo') return { Authorization: `Bearer ${fuzz.server.demo.apiKey}` };
    if (mode === 'unknown') return { Authorization: 'Bearer app-nobody' };
    if (mode === 'scheme') return { Authorization: `Token ${fuzz.server.demo.apiKey}` };
    if (mode === 'garbage') return { Authorization: 'Bearer' };
    return {};
  },
  operations: [
    {
      operationId: 'runWorkflow',
      body: fc.record(
        {
          inputs: fc.record({ prompt: fc.constantFrom('a red fox', '', 'p'.repeat(5000)), model_name: fc.constantFrom('nope', 42, ...PROTOTYPE_NAMES) }, { requiredKeys: [] }),
          response_mode: fc.constantFrom('blocking', 'streaming', 'both'),
          user,
          files: fc.constantFrom([], [{}], 'x'),
        },
        { requiredKeys: ['inputs', 'response_mode'] },
      ),
    },
    { operationId: 'getWorkflowRun', body: fc.constant({}) },
    { operationId: 'stopWorkflowTask', body: fc.record({ user }, { requiredKeys: [] }) },
    { operationId: 'getParameters', body: fc.constant({}) },
    { operationId: 'getInfo', body: fc.constant({}) },
    { operationId: 'uploadFile', body: fc.record({ user }) },
    {
      operationId: 'getToolFile',
      body: fc.constant({}),
      param: () => fc.oneof(paramArb, fc.uuid().map((id) => `${id}.png`), fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '..%2F..%2Fetc%2Fpasswd.png', '%2e%2e%2f.png', '__proto__.png', 'constructor.png')),
    },
  ],
};

beforeAll(async () => {
  fuzz = await startFuzzServer('dify');
  console.log(`[fuzz] dify seed ${FUZZ_SEED}; replay with PIXMOCK_FUZZ_SEED=${FUZZ_SEED}`);
}, 30_000);

afterAll(async () => {
  await fuzz?.close();
});

defineFuzzChecks('dify', () => ({ fuzz, spec }));
