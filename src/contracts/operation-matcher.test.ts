import { beforeAll, expect, it } from 'vitest';
import { loadContracts } from './load-contracts.js';
import { createOperationMatcher, type OperationMatcher } from './operation-matcher.js';

let dify: OperationMatcher;

beforeAll(async () => {
  const contracts = await loadContracts({ upstreams: ['dify'] });
  dify = createOperationMatcher(contracts.upstream('dify').operations.values());
});

it('finds operations by method and concrete path', () => {
  const found = dify.findOperation('GET', '/v1/workflows/run/00c81e90-5f5c-4606-8c10-de9195f5d159');
  expect(found?.operation.operationId).toBe('getWorkflowRun');
  expect(Object.values(found?.params ?? {})).toEqual(['00c81e90-5f5c-4606-8c10-de9195f5d159']);
  expect(dify.findOperation('DELETE', '/v1/info')).toBeUndefined();
});

it('lists the methods documented at a concrete path', () => {
  expect(dify.methodsAt('/v1/workflows/run/00c81e90')).toEqual(['GET']);
  expect(dify.methodsAt('/v1/workflows/run')).toEqual(['POST']);
  expect(dify.methodsAt('/v1/nowhere')).toEqual([]);
});
