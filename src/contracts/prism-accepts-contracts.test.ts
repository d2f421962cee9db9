/**
 * Prism, which nobody here wrote, must accept each contract: `prism mock` starts on every
 * contracts/<upstream>/openapi.yaml and answers every JSON operation with a response our own
 * registry finds documented and valid. (Prism serves neither SSE nor binary bodies.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrism, type RunningPrism } from '../test-helpers/start-prism.js';
import { formatDiagnostic } from './diagnostics.js';
import type { ContractRegistry } from './contract-registry.js';
import { loadContracts } from './load-contracts.js';
import type { OperationContract } from './operation-table.js';

const AUTH_HEADERS = {
  Authorization: 'Bearer pixmock-prism-check',
  'X-Timestamp': '1742000000',
  'X-Signature': '0'.repeat(64),
  'X-Request-ID': 'a'.repeat(32),
  'X-User-ID': 'user-demo',
};

const contracts: ContractRegistry = await loadContracts();

function jsonOperations(upstream: string): OperationContract[] {
  return [...contracts.upstream(upstream).operations.values()].filter((operation) => {
    const takesJsonOrNothing = operation.requestContentTypes.length === 0 || operation.requestContentTypes.includes('application/json');
    const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1] ?? {};
    return takesJsonOrNothing && 'application/json' in success;
  });
}

function requestExample(operation: OperationContract): unknown {
  const body = operation.raw.requestBody as { content?: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> } | undefined;
  const media = body?.content?.['application/json'];
  return media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
}

const SAMPLE_ID = '0d0c1f5e-2b1a-4c3d-9e8f-7a6b5c4d3e2f';

/** Fills path parameters with their documented example, or a UUID. */
function concretePath(operation: OperationContract): string {
  const parameters = (operation.raw.parameters ?? []) as { name: string; example?: unknown; schema?: { example?: unknown } }[];
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const parameter = parameters.find((p) => p.name === name);
    return String(parameter?.example ?? parameter?.schema?.example ?? SAMPLE_ID);
  });
}

describe.each(['aibabe', 'chatfire', 'dify'])('prism mock on contracts/%s/openapi.yaml', (upstream) => {
  let prism: RunningPrism;
  beforeAll(async () => {
    prism = await startPrism(['mock', contracts.upstream(upstream).documentPath]);
  }, 30_000);
  afterAll(async () => prism?.stop());

  it.each(jsonOperations(upstream).map((operation) => [operation.operationId, operation] as const))(
    'answers %s with a documented, valid response',
    async (_operationId, operation) => {
      const body = requestExample(operation);
      const response = await fetch(`${prism.url}${concretePath(operation)}`, {
        method: operation.method,
        headers: { ...AUTH_HEADERS, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const contentType = response.headers.get('content-type') ?? undefined;
      const result = contracts.validateResponse(upstream, operation.operationId, { status: response.status, contentType, body: await response.json() });
      expect(response.status, prism.output().slice(-2000)).toBeLessThan(300);
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    },
  );
});
