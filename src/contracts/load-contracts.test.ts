import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from './diagnostics.js';
import { ContractLoadError } from './contract-load-error.js';
import type { ContractRegistry } from './contract-registry.js';
import { loadContracts } from './load-contracts.js';
import { exampleValue, loadExamples, validateExample, type Example } from './test-helpers/contract-examples.js';

const EXPECTED_OPERATIONS: Record<string, string[]> = {
  aibabe: ['createConversation', 'chatImage', 'agentCover', 'createAgent', 'listAgents', 'configOptions', 'uploadReferenceImage'],
  chatfire: ['createImageGeneration', 'getImageGeneration', 'getTask', 'downloadImage'],
  dify: ['runWorkflow', 'getWorkflowRun', 'stopWorkflowTask', 'getParameters', 'getInfo', 'uploadFile', 'getToolFile'],
};

/** Breaks an example one field at a time: each top-level field gets a value of the wrong type. */
function brokenCopies(value: unknown): { field: string; copy: unknown }[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).map(([field, fieldValue]) => ({
    field,
    copy: { ...value, [field]: typeof fieldValue === 'string' ? 12345 : typeof fieldValue === 'number' ? 'not-a-number' : 12345 },
  }));
}

let contracts: ContractRegistry;
let examples: Example[];

beforeAll(async () => {
  contracts = await loadContracts();
  examples = await loadExamples();
});

describe('contract registry', () => {
  it('loads the three upstreams with every operation the four APIs need', () => {
    expect(contracts.upstreamIds()).toEqual(['aibabe', 'chatfire', 'dify']);
    for (const [upstream, operationIds] of Object.entries(EXPECTED_OPERATIONS)) {
      expect([...contracts.upstream(upstream).operations.keys()].sort()).toEqual([...operationIds].sort());
    }
  });

  it('has fixtures copied from the seeds for every upstream', () => {
    for (const upstream of Object.keys(EXPECTED_OPERATIONS)) {
      expect(examples.filter((e) => e.upstream === upstream).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('validates every example in fixtures/', () => {
    const failures = examples
      .map((example) => ({ file: example.file, result: validateExample(contracts, example, exampleValue(example)) }))
      .filter(({ result }) => !result.valid)
      .map(({ file, result }) => `${file}: ${result.diagnostics.map(formatDiagnostic).join(' | ')}`);
    expect(failures).toEqual([]);
  });

  it('rejects a wrongly typed copy of every field of every example', () => {
    const accepted: string[] = [];
    let checked = 0;
    for (const example of examples) {
      for (const { field, copy } of brokenCopies(exampleValue(example))) {
        checked++;
        if (validateExample(contracts, example, copy).valid) accepted.push(`${example.file} #/${field}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(accepted).toEqual([]);
  });

  it('rejects a body that is not an object', () => {
    for (const example of examples.filter((e) => e.contentType !== 'image/png')) {
      expect(validateExample(contracts, example, 'just a string').valid, example.file).toBe(false);
    }
  });

  it('keeps every catalogue error valid against its upstream error schema', () => {
    const invalid: string[] = [];
    for (const upstream of contracts.upstreamIds()) {
      const { errors, errorSchemaId } = contracts.upstream(upstream);
      for (const id of errors.ids()) {
        const body = errors.render(id, {}).body as Record<string, unknown>;
        // aibabe's server adds the envelope's fresh fields to every error.
        const complete = upstream === 'aibabe' ? { ...body, data: null, traceId: 'a'.repeat(32), timestamp: '1773298769366' } : body;
        const result = contracts.validate(errorSchemaId, complete);
        if (!result.valid) invalid.push(`${upstream}.${id}: ${result.diagnostics.map(formatDiagnostic).join(' | ')}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('defines the generic errors the server shell raises in every upstream', () => {
    for (const upstream of contracts.upstreamIds()) {
      const { errors } = contracts.upstream(upstream);
      for (const id of ['invalid_json', 'invalid_request', 'payload_too_large', 'route_not_found', 'internal_error']) {
        expect(errors.has(id), `${upstream}.${id}`).toBe(true);
      }
    }
  });
});

describe('loading broken contracts', () => {
  async function contractsDirWith(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-contracts-'));
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    return dir;
  }

  it.each([
    ['invalid YAML', { 'x/openapi.yaml': 'openapi: [' }, /x\/openapi.yaml: not valid YAML/],
    ['a schema without $id', { 'x/openapi.yaml': 'openapi: 3.1.0', 'x/schemas/a.schema.json': '{"type":"object"}' }, /has no "\$id"/],
    ['a $ref to a missing file', { 'x/openapi.yaml': 'openapi: 3.1.0\npaths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: ./schemas/missing.schema.json }\n' }, /does not name a file/],
    ['a schema that does not compile', { 'x/openapi.yaml': 'openapi: 3.1.0', 'x/schemas/a.schema.json': '{"$id":"https://e.x/a","type":"nonsense"}' }, /a|type/],
    ['a body limit that is no size', { 'x/openapi.yaml': 'openapi: 3.1.0\nx-pixmock-error-schema: ./schemas/e.schema.json\nx-pixmock-body-limit: 1 MiB\n', 'x/schemas/e.schema.json': '{"$id":"https://e.x/e"}' }, /x-pixmock-body-limit is "1 MiB"; write the largest body in bytes/],
  ])('fails with a ContractLoadError naming the file for %s', async (_name, files, message) => {
    const dir = await contractsDirWith(files);
    const error = await loadContracts({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractLoadError);
    expect((error as Error).message).toMatch(message);
  });
});
