import { beforeAll, expect, it } from 'vitest';
import type { ContractRegistry } from './contract-registry.js';
import { formatDiagnostic } from './diagnostics.js';
import { loadContracts } from './load-contracts.js';

let contracts: ContractRegistry;

beforeAll(async () => {
  contracts = await loadContracts();
});

it('reports the JSON pointer, the expectation and what was received', () => {
  const result = contracts.validateRequest('chatfire', 'createImageGeneration', { model: 'midjourney', prompt: 'a cat', n: 9 });
  expect(result.valid).toBe(false);
  const text = result.diagnostics.map(formatDiagnostic);
  expect(text).toContainEqual(expect.stringMatching(/^\/model: .*expected \[.*"seedream-3.0".*received "midjourney"/));
  expect(text).toContainEqual(expect.stringMatching(/^\/n: .*<= 4.*received 9/));
});

it('flags an undocumented status and an undocumented content type', () => {
  const status = contracts.validateResponse('dify', 'getInfo', { status: 418, contentType: 'application/json', body: {} });
  expect(status.diagnostics[0]).toMatchObject({ keyword: 'status', received: 418 });
  const type = contracts.validateResponse('dify', 'getInfo', { status: 200, contentType: 'text/plain', body: '' });
  expect(type.diagnostics[0]).toMatchObject({ keyword: 'contentType', received: 'text/plain' });
});
