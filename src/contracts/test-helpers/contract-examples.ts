/**
 * Test-only: the examples under fixtures/<upstream>/examples/ (copied from the seeds and the
 * upstreams' docs) and how to validate one against the contracts.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { ContractRegistry, ValidationResult } from '../contract-registry.js';

const FIXTURES_DIR = new URL('../../../fixtures/', import.meta.url);
export const EXAMPLE_UPSTREAMS = ['aibabe', 'chatfire', 'dify'];

export interface Example {
  /** `<upstream>/<file name>`, for messages. */
  file: string;
  upstream: string;
  operationId: string;
  request?: unknown;
  response?: unknown;
  event?: unknown;
  status?: number;
  contentType?: string;
}

export async function loadExamples(): Promise<Example[]> {
  const examples: Example[] = [];
  for (const upstream of EXAMPLE_UPSTREAMS) {
    const dir = new URL(`${upstream}/examples/`, FIXTURES_DIR);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
      const example = JSON.parse(await readFile(new URL(file, dir), 'utf8')) as Omit<Example, 'file' | 'upstream'>;
      examples.push({ ...example, file: `${upstream}/${file}`, upstream });
    }
  }
  return examples;
}

/** The request body, stream event or response body the example holds. */
export function exampleValue(example: Example): unknown {
  return example.request ?? example.event ?? example.response;
}

/** Validates `value` in the example's place: as its request, its stream event or its response. */
export function validateExample(contracts: ContractRegistry, example: Example, value: unknown): ValidationResult {
  if ('request' in example) return contracts.validateRequest(example.upstream, example.operationId, value);
  if ('event' in example) {
    const content = contracts.operation(example.upstream, example.operationId).responses['200']?.['text/event-stream'];
    return contracts.validate(content?.eventSchemaId ?? 'missing', value);
  }
  return contracts.validateResponse(example.upstream, example.operationId, { status: example.status ?? 200, contentType: example.contentType, body: value });
}
