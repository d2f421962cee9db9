import { expect, it } from 'vitest';
import { matchingIds } from './catalogue-match.js';
import { expectedErrorIds, loadErrorExpectations, operationErrorIds } from './error-expectations.js';
import { flowFor } from './flows/index.js';
import { generateCases } from './generate-cases.js';
import { sharedContracts, TEST_SEED } from './test-helpers/run-against-mock.js';

const UPSTREAMS = ['aibabe', 'chatfire', 'dify'] as const;

it.each(UPSTREAMS)('gives every negative %s case exactly one catalogue error, one its operation documents', async (upstream) => {
  const { contracts } = await sharedContracts();
  const expectations = await loadErrorExpectations();
  const cases = (await generateCases({ contracts, flow: flowFor(upstream), seed: TEST_SEED })).filter((c) => c.kind === 'negative' && c.source !== 'auth');

  expect(cases.length).toBeGreaterThan(0);
  for (const suiteCase of cases) {
    const ids = expectedErrorIds(contracts, expectations, suiteCase);
    expect(ids, suiteCase.id).toHaveLength(1);
    expect(suiteCase.expect).toEqual({ kind: 'rejected', errorIds: ids });
    expect(contracts.upstream(upstream).errors.has(ids?.[0] ?? ''), suiteCase.id).toBe(true);
    expect(operationErrorIds(contracts, expectations, upstream, suiteCase.operationId).ids.has(ids?.[0] ?? ''), suiteCase.id).toBe(true);
  }
});

it.each(UPSTREAMS)('counts every error example a %s operation documents among the errors it may answer', async (upstream) => {
  const { contracts } = await sharedContracts();
  const expectations = await loadErrorExpectations();
  const catalogue = contracts.upstream(upstream).errors;
  const missing: string[] = [];
  for (const operation of contracts.upstream(upstream).operations.values()) {
    const { ids } = operationErrorIds(contracts, expectations, upstream, operation.operationId);
    for (const [status, example] of documentedErrorExamples(operation.raw, contracts.upstream(upstream).document)) {
      const matched = matchingIds(catalogue, status, example);
      if (matched.length > 0 && !matched.some((id) => ids.has(id))) missing.push(`${operation.operationId} ${status} ${matched.join('|')}`);
    }
  }

  expect(missing).toEqual([]);
});

it('names only catalogue ids in fixtures/suite/error-expectations.json', async () => {
  const { contracts } = await sharedContracts();
  const expectations = await loadErrorExpectations();
  const unknown = Object.entries(expectations.upstreams).flatMap(([upstream, data]) => {
    const named = [...data.everyOperation, ...Object.values(data.operations ?? {}).flatMap((op) => [...(op.errorIds ?? []), ...Object.values(op.cases ?? {}).flatMap((byField) => Object.values(byField))])];
    return named.filter((id) => !contracts.upstream(upstream).errors.has(id)).map((id) => `${upstream} ${id}`);
  });

  expect(unknown).toEqual([]);
});

/** [status, body] of every example under an operation's 4xx/5xx JSON responses, `$ref`s to components followed. */
function documentedErrorExamples(raw: Record<string, unknown>, document: Record<string, unknown>): [number, unknown][] {
  const out: [number, unknown][] = [];
  for (const [status, response] of Object.entries((raw.responses ?? {}) as Record<string, unknown>)) {
    if (!/^[45]\d\d$/.test(status)) continue;
    const resolved = resolveRef(response, document) as { content?: Record<string, { examples?: Record<string, { value?: unknown }> }> };
    for (const example of Object.values(resolved.content?.['application/json']?.examples ?? {})) out.push([Number(status), example.value]);
  }
  return out;
}

function resolveRef(value: unknown, document: Record<string, unknown>): unknown {
  const ref = (value as { $ref?: string } | undefined)?.$ref;
  if (!ref?.startsWith('#/')) return value;
  return ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}
