/**
 * Builds every case from the contract: for each operation, positive cases (documented examples
 * from openapi.yaml and fixtures/<upstream>/examples, plus generated valid bodies) and negative
 * cases (each required field missing, wrong types, out-of-enum values, an oversize body, every
 * documented way to fail authentication, each expecting its exact catalogue error), plus the
 * flow's state cases (promises across calls), each tagged `free` or `generation`. Where the docs
 * promise an echo, an extra positive case (and every generated valid body) carries the distinctive
 * values of fixtures/suite/promises.json `echo`.
 *
 * @example
 * const cases = await generateCases({ contracts, flow: FLOWS.chatfire, seed: 42 });
 * cases.filter((c) => c.cost === 'free').length;
 */
import path from 'node:path';
import type { ContractRegistry } from '../contracts/index.js';
import { documentedExamples, loadFixtureRequests, sameJson } from './documented-examples.js';
import { expectedErrorIds, loadErrorExpectations } from './error-expectations.js';
import { DEFAULT_FIXTURES_DIR } from './fixture-files.js';
import type { UpstreamFlow } from './flows/flow.js';
import { generateBodies, withEchoValues } from './generate-bodies.js';
import { negativeBodyCases } from './negative-body-cases.js';
import { loadPromises } from './promises.js';
import { conditionallyRequired, listProperties, schemaById } from './schema-walk.js';
import { seededRandom } from './seeded-random.js';
import type { AuthMode, CaseCost, SuiteCase } from './types.js';

const DEFAULT_GENERATED_PER_OPERATION = 2;

export interface GenerateCasesOptions {
  contracts: ContractRegistry;
  flow: UpstreamFlow;
  seed: number;
  fixturesDir?: string;
  /** Generated valid bodies per operation with a JSON body. Default 2. */
  generatedPerOperation?: number;
}

export async function generateCases(options: GenerateCasesOptions): Promise<SuiteCase[]> {
  const { contracts, flow, seed } = options;
  const fixturesDir = options.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  const upstream = flow.upstream;
  const fixtureExamples = await loadFixtureRequests(path.join(fixturesDir, upstream, 'examples'));
  const { bodyLimit } = contracts.upstream(upstream);
  const errorExpectations = await loadErrorExpectations(fixturesDir);
  const echo = (await loadPromises(fixturesDir)).echo[upstream] ?? {};
  // Imported here, not at the top: `pixmock serve` imports the suite through the package entry and never generates cases.
  const { default: fc } = await import('fast-check');
  const cases: SuiteCase[] = [];

  for (const operation of contracts.upstream(upstream).operations.values()) {
    const cost: CaseCost = flow.generationOperations.includes(operation.operationId) ? 'generation' : 'free';
    const base = { upstream, operationId: operation.operationId } as const;
    const id = (...parts: string[]) => [upstream, operation.operationId, ...parts].join('.');
    const isJson = operation.requestContentTypes.includes('application/json') && operation.requestSchemaId;
    const isMultipart = operation.requestContentTypes.includes('multipart/form-data');
    const hasPathParams = operation.path.includes('{');
    const followUpOnly = flow.followUpOnly.includes(operation.operationId);
    const pathInput = hasPathParams ? flow.unknownPathParams?.(operation.operationId, seededRandom(seed, operation.operationId)) : undefined;
    if (hasPathParams && !pathInput) continue;

    let authBase: Partial<SuiteCase> = { ...pathInput };
    if (isJson && !followUpOnly) {
      const schemaRoot = schemaById(contracts, operation.requestSchemaId as string);
      const examples = documentedExamples(operation, fixtureExamples).filter((body) => contracts.validateRequest(upstream, operation.operationId, body).valid);
      const positiveExpect = hasPathParams ? ({ kind: 'conforms' } as const) : ({ kind: 'accepted' } as const);
      const positives = !flow.positiveViaFollowUp.includes(operation.operationId);
      if (positives) examples.forEach((body, index) => {
        cases.push({ ...base, ...pathInput, id: id('example', String(index + 1)), kind: 'positive', source: 'example', cost, title: `documented example ${index + 1}`, body, auth: { kind: 'valid' }, expect: positiveExpect });
      });
      const first = examples[0];
      if (first === undefined) continue;
      authBase = { ...pathInput, body: first };
      const properties = listProperties(contracts, schemaRoot);
      const generated = generateBodies(fc, first, properties, seed, operation.operationId, options.generatedPerOperation ?? DEFAULT_GENERATED_PER_OPERATION)
        .map((body) => withEchoValues(body, echo[operation.operationId]?.values))
        .filter((body) => !examples.some((example) => sameJson(example, body)))
        .filter((body) => contracts.validateRequest(upstream, operation.operationId, body).valid);
      const echoValues = echo[operation.operationId]?.values;
      const echoed = echoValues ? withEchoValues(structuredClone(first), echoValues) : undefined;
      if (positives && echoed !== undefined && contracts.validateRequest(upstream, operation.operationId, echoed).valid) {
        cases.push({ ...base, ...pathInput, id: id('echo', '1'), kind: 'positive', source: 'echo', cost, title: 'documented example with distinctive values the docs say come back', body: echoed, auth: { kind: 'valid' }, expect: positiveExpect });
      }
      if (positives) generated.forEach((body, index) => {
        cases.push({ ...base, ...pathInput, id: id('generated', String(index + 1)), kind: 'positive', source: 'generated', cost, title: `generated valid body ${index + 1} (seed ${seed})`, body, auth: { kind: 'valid' }, expect: { kind: 'conforms' } });
      });

      const negative = (source: SuiteCase['source'], pointer: string, title: string, mutation: SuiteCase['mutation']): SuiteCase => ({
        ...base, ...pathInput, id: id(source, pointer), kind: 'negative', source, cost: 'free', title, body: first, mutation, pointer, auth: { kind: 'valid' }, expect: { kind: 'rejected' },
      });
      cases.push(...negativeBodyCases({ first, properties, conditionallyRequired: conditionallyRequired(contracts, schemaRoot, first), bodyLimit, negative }));
    } else if (isMultipart && !followUpOnly) {
      const form = flow.positiveForm?.(operation.operationId);
      if (!form) continue;
      cases.push({ ...base, ...pathInput, id: id('example', 'form'), kind: 'positive', source: 'example', cost, title: 'valid multipart upload', form, auth: { kind: 'valid' }, expect: { kind: 'accepted' } });
      for (const field of Object.keys(form)) {
        const { [field]: _removed, ...rest } = form;
        cases.push({ ...base, ...pathInput, id: id('required-missing', field), kind: 'negative', source: 'required-missing', cost: 'free', title: `multipart part ${field} missing`, form: rest, pointer: `/${field}`, auth: { kind: 'valid' }, expect: { kind: 'rejected' } });
      }
      authBase = { ...pathInput, form };
    } else if (!isJson && !isMultipart && !hasPathParams && !followUpOnly) {
      cases.push({ ...base, id: id('example', 'get'), kind: 'positive', source: 'example', cost, title: 'documented request', auth: { kind: 'valid' }, expect: { kind: 'accepted' } });
    } else if (hasPathParams && pathInput && !isJson) {
      const names = Object.keys(pathInput.pathParams).join(', ');
      cases.push({ ...base, ...pathInput, id: id('unknown-resource', names), kind: 'negative', source: 'unknown-resource', cost: 'free', title: `unknown ${names}`, auth: { kind: 'valid' }, expect: { kind: 'rejected' } });
    }

    for (const spec of (flow.stateCases ?? []).filter((s) => s.operationId === operation.operationId)) {
      const body = documentedExamples(operation, fixtureExamples).find((example) => contracts.validateRequest(upstream, operation.operationId, example).valid);
      cases.push({
        ...base, id: id('state', spec.probe), kind: 'positive', source: 'state', cost, title: spec.title, ...(body === undefined ? {} : { body }),
        auth: { kind: 'valid' }, expect: { kind: spec.expect }, probe: spec.probe, ...(spec.phase ? { phase: spec.phase } : {}),
      });
    }

    if (operation.requiresAuth) {
      for (const { mode, errorIds } of flow.authFailures(operation.operationId)) {
        const replayCost: CaseCost = mode.kind === 'replayed-request' ? cost : 'free';
        if (mode.kind === 'replayed-request' && cost === 'generation') continue;
        cases.push({
          ...base, ...authBase, id: id('auth', authLabel(mode)), kind: 'negative', source: 'auth', cost: replayCost, title: `auth: ${authLabel(mode)}`,
          auth: mode, expect: { kind: 'auth-rejected', errorIds },
        });
      }
    }
  }
  return cases.map((suiteCase) => {
    if (suiteCase.expect.kind !== 'rejected') return suiteCase;
    const errorIds = expectedErrorIds(contracts, errorExpectations, suiteCase);
    return errorIds ? { ...suiteCase, expect: { kind: 'rejected', errorIds } } : suiteCase;
  });
}

function authLabel(mode: AuthMode): string {
  return mode.kind === 'missing-header' ? `missing-header ${mode.header}` : mode.kind;
}
