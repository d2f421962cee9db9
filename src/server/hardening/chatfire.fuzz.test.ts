/**
 * Fuzz: ≥ 10,000 hostile requests over every chatfire operation and unknown routes — malformed
 * and random JSON, wrong content types, deep nesting, invalid UTF-8, `data:` and foreign
 * reference URLs, traversal in task ids and image file names (`/v1/files/images/..%2F…`) —
 * with good, unknown, revoked and missing Bearer tokens, in task and openai mode.
 */
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { loadMocks } from '../../mocks/index.js';
import { defineFuzzChecks, FUZZ_SEED, paramArb, PROTOTYPE_NAMES, prototypeCredential, startFuzzServer, type FuzzServer, type UpstreamFuzz } from '../../test-helpers/fuzz/index.js';

let fuzz: FuzzServer;

const TOKENS: Record<string, string | undefined> = {
  demo: 'sk-pixmock-demo',
  openai: 'sk-pixmock-openai',
  revoked: 'sk-pixmock-revoked',
  unknown: 'sk-nobody',
};

const PNG_DATA_URL = `data:image/png;base64,${Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')}`;

const spec: UpstreamFuzz = {
  authModes: ['demo', 'demo', 'demo', 'openai', 'revoked', 'unknown', 'prototype', 'none', 'basic', 'garbage'],
  authHeaders(mode, input): Record<string, string> {
    if (mode === 'none') return {};
    if (mode === 'prototype') return { Authorization: `Bearer ${prototypeCredential(input)}` };
    if (mode === 'basic') return { Authorization: 'Basic c2stcGl4bW9jay1kZW1vOg==' };
    if (mode === 'garbage') return { Authorization: 'Bearer\u00a0 ' };
    return { Authorization: `Bearer ${TOKENS[mode] ?? ''}` };
  },
  operations: [
    {
      operationId: 'createImageGeneration',
      body: fc.record(
        {
          model: fc.constantFrom('seedream-3.0', 'dall-e-3', 'nope', '', ...PROTOTYPE_NAMES),
          prompt: fc.constantFrom('a red fox', ' ', '你好'),
          n: fc.integer({ min: -1, max: 6 }),
          size: fc.constantFrom('1024x1024', '1792x1024', '10x10', 'toString'),
          response_format: fc.constantFrom('url', 'b64_json', 'oss_url', 'png', 'constructor'),
          url: fc.constantFrom(PNG_DATA_URL, 'data:,garbage', 'http://127.0.0.1:1/v1/files/images/..%2F..%2Fetc%2Fpasswd', 'file:///etc/passwd', 'not a url'),
        },
        { requiredKeys: ['model', 'prompt'] },
      ),
    },
    { operationId: 'getImageGeneration', body: fc.constant({}) },
    { operationId: 'getTask', body: fc.constant({}) },
    {
      operationId: 'downloadImage',
      body: fc.constant({}),
      param: () => fc.oneof(paramArb, fc.constantFrom('..', '../', '..%2F', 'task-0.png', 'task-0-oss.png', '%2e%2e%2f%2e%2e%2fetc%2fpasswd-0.png', 'x-9.png')),
    },
  ],
};

beforeAll(async () => {
  const mocks = await loadMocks('chatfire');
  // Lift the demo keys' rate limit, so authenticated cases reach validation and handlers.
  for (const key of Object.values(mocks.keys as Record<string, { rpm?: number }>)) key.rpm = 1e9;
  fuzz = await startFuzzServer('chatfire', { mocks });
  console.log(`[fuzz] chatfire seed ${FUZZ_SEED}; replay with PIXMOCK_FUZZ_SEED=${FUZZ_SEED}`);
}, 30_000);

afterAll(async () => {
  await fuzz?.close();
});

defineFuzzChecks('chatfire', () => ({ fuzz, spec }));
