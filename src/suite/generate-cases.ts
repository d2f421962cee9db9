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
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Arbitrary } from 'fast-check';
import type { ContractRegistry, OperationContract } from '../contracts/index.js';
import { expectedErrorIds, loadErrorExpectations } from './error-expectations.js';
import { DEFAULT_FIXTURES_DIR } from './fixture-files.js';
import type { UpstreamFlow } from './flows/flow.js';
import { loadPromises } from './promises.js';
import { conditionallyRequired, isObject, jsonType, listProperties, pointerTokens, schemaById, type PropertyInfo } from './schema-walk.js';
import type { AuthMode, CaseCost, SuiteCase } from './types.js';

const DEFAULT_GENERATED_PER_OPERATION = 2;
const OUT_OF_ENUM_VALUE = 'pixmock-suite-not-documented';
const OVERSIZE_MARGIN_BYTES = 1024;

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
  const bodyLimit = await loadBodyLimit(fixturesDir, upstream);
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
      const requiredPointers = new Set(properties.filter((p) => p.required && presentAt(first, p.pointer, true)).map((p) => p.pointer));
      for (const name of conditionallyRequired(contracts, schemaRoot, first)) requiredPointers.add(`/${name}`);
      for (const pointer of requiredPointers) {
        cases.push(negative('required-missing', pointer, `required ${pointer} missing`, { kind: 'remove', pointer }));
      }
      for (const property of properties.filter((p) => presentAt(first, p.pointer, p.required))) {
        const wrong = wrongTypeValue(property);
        if (wrong !== undefined) cases.push(negative('wrong-type', property.pointer, `${property.pointer} as ${jsonType(wrong)}`, { kind: 'set', pointer: property.pointer, value: wrong }));
        if (property.enum && property.types.includes('string')) {
          cases.push(negative('out-of-enum', property.pointer, `${property.pointer} outside its enum`, { kind: 'set', pointer: property.pointer, value: OUT_OF_ENUM_VALUE }));
        }
      }
      const padTarget = properties.find((p) => p.required && p.types.length === 1 && p.types[0] === 'string' && !p.enum && typeof valueAt(first, p.pointer) === 'string' && !p.schema.format)
        ?? properties.find((p) => p.types.includes('string') && !p.enum && typeof valueAt(first, p.pointer) === 'string');
      if (padTarget) {
        if (padTarget.maxLength !== undefined) {
          cases.push(negative('oversize', `${padTarget.pointer}#maxLength`, `${padTarget.pointer} over maxLength ${padTarget.maxLength}`, { kind: 'set', pointer: padTarget.pointer, value: 'x'.repeat(padTarget.maxLength + 1) }));
        }
        if (bodyLimit !== undefined) {
          cases.push(negative('oversize', `${padTarget.pointer}#body`, `body over ${bodyLimit} bytes`, { kind: 'pad', pointer: padTarget.pointer, bytes: bodyLimit + OVERSIZE_MARGIN_BYTES }));
        }
      }
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

/** `body` with the distinctive values sent where the docs promise an echo (fixtures/suite/promises.json `echo`). */
function withEchoValues(body: unknown, values: Record<string, unknown> | undefined): unknown {
  let out = body;
  for (const [pointer, value] of Object.entries(values ?? {})) out = setAt(out, pointer, structuredClone(value));
  return out;
}

export function authLabel(mode: AuthMode): string {
  return mode.kind === 'missing-header' ? `missing-header ${mode.header}` : mode.kind;
}

/** Request bodies from openapi.yaml `examples`/`example` and fixtures `{operationId, request}`, deduplicated. */
function documentedExamples(operation: OperationContract, fixtures: { operationId: string; request: unknown }[]): unknown[] {
  const media = ((operation.raw.requestBody as Record<string, unknown> | undefined)?.content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
  const bodies: unknown[] = [];
  if (media?.example !== undefined) bodies.push(media.example);
  for (const example of Object.values((media?.examples ?? {}) as Record<string, { value?: unknown }>)) {
    if (example.value !== undefined) bodies.push(example.value);
  }
  for (const fixture of fixtures) if (fixture.operationId === operation.operationId) bodies.push(fixture.request);
  return bodies.filter((body, index) => bodies.findIndex((other) => sameJson(other, body)) === index);
}

async function loadFixtureRequests(dir: string): Promise<{ operationId: string; request: unknown }[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.json')).sort();
  const out: { operationId: string; request: unknown }[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    if (typeof parsed.operationId === 'string' && parsed.request !== undefined) out.push({ operationId: parsed.operationId, request: parsed.request });
  }
  return out;
}

async function loadBodyLimit(fixturesDir: string, upstream: string): Promise<number | undefined> {
  try {
    const limits = JSON.parse(await readFile(path.join(fixturesDir, 'suite', 'body-limits.json'), 'utf8')) as Record<string, { bodyLimitBytes?: number }>;
    return limits[upstream]?.bodyLimitBytes;
  } catch {
    return undefined;
  }
}

/** Valid variations of `first`: every enum, integer range and boolean property drawn with fast-check from the seed. */
type FastCheck = (typeof import('fast-check'))['default'];

function generateBodies(fc: FastCheck, first: unknown, properties: PropertyInfo[], seed: number, operationId: string, count: number): unknown[] {
  const variable = properties.filter((p) => (p.enum && p.enum.length > 1) || (p.types.length === 1 && ['integer', 'boolean'].includes(p.types[0] as string)));
  if (variable.length === 0 || count <= 0) return [];
  const arbitraries = Object.fromEntries(variable.map((p) => [p.pointer, arbitraryFor(fc, p)]));
  const samples = fc.sample(fc.record(arbitraries), { seed: seed ^ hash(operationId), numRuns: count });
  return samples.map((sample) => {
    let body = structuredClone(first);
    for (const [pointer, value] of Object.entries(sample)) body = setAt(body, pointer, value);
    return body;
  });
}

function arbitraryFor(fc: FastCheck, property: PropertyInfo): Arbitrary<unknown> {
  if (property.enum) return fc.constantFrom(...property.enum);
  if (property.types[0] === 'boolean') return fc.boolean();
  const min = typeof property.schema.minimum === 'number' ? property.schema.minimum : 0;
  const max = typeof property.schema.maximum === 'number' ? property.schema.maximum : min + 10;
  return fc.integer({ min, max });
}

function wrongTypeValue(property: PropertyInfo): unknown {
  const types = property.types;
  if (types.length === 0) return undefined;
  if (!types.includes('integer') && !types.includes('number')) return 12345;
  if (!types.includes('string')) return 'not-a-number';
  if (!types.includes('object')) return { unexpected: true };
  return undefined;
}

function presentAt(body: unknown, pointer: string, orRequired: boolean): boolean {
  return valueAt(body, pointer) !== undefined || (orRequired && parentPresent(body, pointer));
}

function parentPresent(body: unknown, pointer: string): boolean {
  const tokens = pointerTokens(pointer);
  tokens.pop();
  let current: unknown = body;
  for (const token of tokens) {
    if (!isObject(current)) return false;
    current = current[token];
  }
  return isObject(current);
}

export function valueAt(body: unknown, pointer: string): unknown {
  let current: unknown = body;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else return undefined;
  }
  return current;
}

function setAt(body: unknown, pointer: string, value: unknown): unknown {
  const tokens = pointerTokens(pointer);
  const last = tokens.pop();
  let current: unknown = body;
  for (const token of tokens) {
    if (!isObject(current)) return body;
    current[token] ??= {};
    current = current[token];
  }
  if (isObject(current) && last !== undefined) current[last] = value;
  return body;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A deterministic [0, 1) source for one label under one seed (mulberry32). */
export function seededRandom(seed: number, label: string): { random(): number } {
  let state = (seed ^ hash(label)) >>> 0;
  return {
    random() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
