import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContractRegistry } from './contract-registry.js';
import { loadContracts, precompileContractValidators } from './load-contracts.js';
import { loadPrecompiledValidators } from './precompiled-validators.js';
import { exampleValue, loadExamples, validateExample } from './test-helpers/contract-examples.js';

/** Counts the ajv instances made, i.e. every time a schema had to be compiled. */
const ajvInstances = vi.hoisted(() => ({ made: 0 }));
vi.mock('./ajv-instance.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./ajv-instance.js')>();
  return {
    ...actual,
    createAjv: (...args: Parameters<typeof actual.createAjv>) => {
      ajvInstances.made += 1;
      return actual.createAjv(...args);
    },
  };
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTRACTS_DIR = path.join(ROOT, 'contracts');
const UPSTREAMS = ['aibabe', 'chatfire', 'dify'];

const tempDirs: string[] = [];

/** The generated module requires ajv's runtime and ajv-formats, so it must sit where node_modules resolves. */
async function projectTempDir(): Promise<string> {
  const base = path.join(ROOT, 'node_modules', '.cache', 'pixmock-tests');
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(path.join(base, 'precompiled-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every schema under `dir` in the order loadContracts reads them. */
async function readSchemas(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const schemas = new Map<string, Record<string, unknown>>();
  for (const upstream of UPSTREAMS) {
    const schemaDir = path.join(dir, upstream, 'schemas');
    for (const file of (await readdir(schemaDir)).filter((f) => f.endsWith('.json')).sort()) {
      const schema = JSON.parse(await readFile(path.join(schemaDir, file), 'utf8')) as Record<string, unknown>;
      schemas.set(schema.$id as string, schema);
    }
  }
  return schemas;
}

/** The example, plus copies with each top-level field replaced by a value of the wrong type, and an empty object. */
function variants(value: unknown): unknown[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [value];
  return [value, {}, ...Object.entries(value).map(([field, fieldValue]) => ({ ...value, [field]: typeof fieldValue === 'string' ? 12345 : 'not-a-number' }))];
}

describe('precompiled contract validators', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(await projectTempDir(), 'precompiled-validators.cjs');
    await precompileContractValidators({ dir: CONTRACTS_DIR, file });
  });

  it('are used for the schemas they were built from', async () => {
    const validators = loadPrecompiledValidators(file, await readSchemas(CONTRACTS_DIR));
    expect(validators?.size).toBe((await readSchemas(CONTRACTS_DIR)).size);
  });

  it('serve a registry of some upstreams too, without compiling anything', async () => {
    ajvInstances.made = 0;
    const contracts = await loadContracts({ dir: CONTRACTS_DIR, upstreams: ['dify'], precompiledFile: file });
    expect(contracts.validateRequest('dify', 'runWorkflow', {}).valid).toBe(false);
    expect(ajvInstances.made).toBe(0);
    await loadContracts({ dir: CONTRACTS_DIR, upstreams: ['dify'], precompiledFile: false });
    expect(ajvInstances.made).toBe(1);
  });

  it('give the same results and diagnostics as compiling at start-up, for every fixture example and broken copies of it', async () => {
    const precompiled = await loadContracts({ dir: CONTRACTS_DIR, precompiledFile: file });
    const compiled = await loadContracts({ dir: CONTRACTS_DIR, precompiledFile: false });
    const examples = await loadExamples();
    expect(examples.length).toBeGreaterThan(10);
    let invalidSeen = 0;
    for (const example of examples) {
      for (const value of variants(exampleValue(example))) {
        const expected = validateExample(compiled, example, value);
        expect(validateExample(precompiled, example, value)).toEqual(expected);
        if (!expected.valid) invalidSeen += 1;
      }
    }
    expect(invalidSeen).toBeGreaterThan(10);
  });

  it('are ignored when a schema changed since the build, so the edited schema is what validates', async () => {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'pixmock-contracts-'));
    tempDirs.push(tempDir);
    const dir = path.join(tempDir, 'contracts');
    await cp(CONTRACTS_DIR, dir, { recursive: true });
    const schemaFile = path.join(dir, 'chatfire', 'schemas', 'image-generation-request.schema.json');
    const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as { properties: Record<string, unknown> };
    schema.properties.prompt = { type: 'integer' };
    await writeFile(schemaFile, JSON.stringify(schema));

    expect(loadPrecompiledValidators(file, await readSchemas(dir))).toBeUndefined();
    // Loading only another upstream still notices: the build's validators were one set.
    ajvInstances.made = 0;
    await loadContracts({ dir, upstreams: ['dify'], precompiledFile: file });
    expect(ajvInstances.made).toBe(1);
    const contracts = await loadContracts({ dir, precompiledFile: file });
    const result = contracts.validateRequest('chatfire', 'createImageGeneration', { model: 'x', prompt: 'a cat' });
    expect(result.diagnostics.map((d) => d.pointer)).toContain('/prompt');
  });

  it.each([
    ['does not exist', null],
    ['is not a module', 'this is not javascript ('],
  ])('are skipped without error when the file %s', async (_label, content) => {
    const missing = path.join(await projectTempDir(), 'precompiled-validators.cjs');
    if (content !== null) await writeFile(missing, content);
    expect(loadPrecompiledValidators(missing, await readSchemas(CONTRACTS_DIR))).toBeUndefined();
    const contracts = await loadContracts({ dir: CONTRACTS_DIR, precompiledFile: missing });
    expect(contracts.validateRequest('chatfire', 'createImageGeneration', {}).valid).toBe(false);
  });
});
