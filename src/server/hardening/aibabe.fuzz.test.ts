/**
 * Fuzz: ≥ 10,000 hostile requests over every aibabe operation and unknown routes — random and
 * malformed JSON, wrong content types, deep nesting, invalid UTF-8, multipart abuse on the
 * reference-image upload, traversal in paths — each signed correctly, wrongly or not at all.
 * Every answer must be documented; nothing may be logged as unexpected; health answers after.
 */
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { signRequest } from '../../auth/index.js';
import { loadMocks } from '../../mocks/index.js';
import { defineFuzzChecks, FUZZ_SEED, PROTOTYPE_NAMES, prototypeCredential, startFuzzServer, type AuthInput, type FuzzServer, type UpstreamFuzz } from '../../test-helpers/fuzz/index.js';

let fuzz: FuzzServer;
let conversationId = '00000000-0000-4000-8000-000000000000';
let requestSequence = 0;

function signedHeaders(input: AuthInput, overrides: { apiSecret?: string; timestamp?: number; apiKey?: string } = {}): Record<string, string> {
  const { demo, context } = fuzz.server;
  const headers = signRequest({
    apiKey: overrides.apiKey ?? demo.apiKey ?? '',
    apiSecret: overrides.apiSecret ?? demo.apiSecret ?? '',
    userId: demo.userId ?? '',
    method: input.method,
    path: input.path,
    query: new URLSearchParams(input.query.slice(1)),
    body: input.body.multipart ? undefined : input.body.parsed,
    isMultipart: input.body.multipart === true,
    timestamp: overrides.timestamp ?? Math.floor(context.sim.clock.now() / 1000),
    requestId: `fuzz${String(++requestSequence).padStart(28, '0')}`,
  });
  delete headers['Content-Type'];
  return headers;
}

const spec: UpstreamFuzz = {
  authModes: ['signed', 'signed', 'signed', 'none', 'wrong-secret', 'short-signature', 'expired', 'unknown-key', 'prototype-key', 'garbage'],
  authHeaders(mode, input) {
    const nowSeconds = Math.floor(fuzz.server.context.sim.clock.now() / 1000);
    switch (mode) {
      case 'signed':
        return signedHeaders(input);
      case 'wrong-secret':
        return signedHeaders(input, { apiSecret: 'sk_demo_aibabe_0000000000000000' });
      case 'short-signature':
        return { ...signedHeaders(input), 'X-Signature': 'abc' };
      case 'expired':
        return signedHeaders(input, { timestamp: nowSeconds - 3600 });
      case 'unknown-key':
        return signedHeaders(input, { apiKey: 'pk_nobody' });
      case 'prototype-key':
        return signedHeaders(input, { apiKey: prototypeCredential(input) });
      case 'garbage':
        return { Authorization: 'Bearer', 'X-Timestamp': 'soon', 'X-Signature': '', 'X-Request-ID': 'x', 'X-User-ID': ' ' };
      default:
        return {};
    }
  },
  operations: [],
};

const text = fc.constantFrom('a red fox', '你好', ' ', '', 'x'.repeat(300));
const language = fc.constantFrom('en', 'zh', '', 'xx', ...PROTOTYPE_NAMES);
const gender = fc.constantFrom('female', 'male', 'other');
const code = (...codes: string[]) => fc.constantFrom(...codes, 'Nope', '', 'constructor', '__proto__');

beforeAll(async () => {
  const mocks = await loadMocks('aibabe');
  // A generous demo key, so signed cases reach validation and handlers instead of the rate limit.
  for (const key of mocks.keys as { demo?: boolean; usageLimit: number; rateLimit: { capacity: number } }[]) {
    if (key.demo) Object.assign(key, { usageLimit: 1e9, rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } });
  }
  fuzz = await startFuzzServer('aibabe', { mocks });
  const agentId = fuzz.server.demo.agentId ?? '';
  const body = { agentId };
  const created = await fuzz.send({
    method: 'POST',
    path: '/v1/chat/conversation',
    headers: { 'Content-Type': 'application/json', ...signedHeaders({ method: 'POST', path: '/v1/chat/conversation', query: '', body: { label: 'json', parsed: body } }) },
    body: Buffer.from(JSON.stringify(body)),
  });
  conversationId = (created.json as { data: { conversationId: string } }).data.conversationId;

  const agentIds = fc.constantFrom(agentId, 'agent-unknown', '', 'constructor');
  spec.operations = [
    { operationId: 'createConversation', body: fc.record({ agentId: agentIds }, { requiredKeys: [] }) },
    {
      operationId: 'chatImage',
      body: fc.record(
        { agentId: agentIds, conversationId: fc.constantFrom(conversationId, '00000000-0000-4000-8000-000000000000', 'c'), text, language, metadata: fc.constantFrom({}, { k: 'v' }, null, [], { constructor: 'x', toString: 'y' }) },
        { requiredKeys: ['agentId', 'conversationId'] },
      ),
    },
    {
      operationId: 'agentCover',
      body: fc.record(
        {
          gender,
          age: code('18-25'),
          ethnicity: code('Asian'),
          bodyType: code('Slim'),
          breastSize: code('Small'),
          buttSize: code('Small'),
          hairColor: code('black'),
          hairStyle: code('Long'),
          refImageId: fc.constantFrom('00000000-0000-4000-8000-000000000000', 'nope'),
        },
        { requiredKeys: ['gender', 'age'] },
      ),
    },
    {
      operationId: 'createAgent',
      body: fc.record(
        { coverId: fc.constantFrom('00000000-0000-4000-8000-000000000000', 'x'), name: text, voiceId: code('female_voice_01'), language, gender, age: code('18-25'), ethnicity: code('Asian'), bodyType: code('Slim'), hairColor: code('black'), hairStyle: code('Long') },
        { requiredKeys: ['coverId'] },
      ),
    },
    { operationId: 'listAgents', body: fc.record({ page: fc.integer({ min: -2, max: 5 }), pageSize: fc.integer({ min: 0, max: 200 }) }, { requiredKeys: [] }) },
    { operationId: 'configOptions', body: fc.record({ namespace: fc.constantFrom('custom_agent', 'nope', '', ...PROTOTYPE_NAMES), gender, language }, { requiredKeys: [] }) },
    { operationId: 'uploadReferenceImage', body: fc.constant({}) },
  ];
  console.log(`[fuzz] aibabe seed ${FUZZ_SEED}; replay with PIXMOCK_FUZZ_SEED=${FUZZ_SEED}`);
}, 30_000);

afterAll(async () => {
  await fuzz?.close();
});

defineFuzzChecks('aibabe', () => ({ fuzz, spec }));
