/** The request bodies the docs give for an operation: openapi.yaml's examples and the fixtures' requests. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OperationContract } from '../contracts/index.js';

export interface FixtureRequest {
  operationId: string;
  request: unknown;
}

/** Request bodies from openapi.yaml `examples`/`example` and fixtures `{operationId, request}`, deduplicated. */
export function documentedExamples(operation: OperationContract, fixtures: FixtureRequest[]): unknown[] {
  const media = ((operation.raw.requestBody as Record<string, unknown> | undefined)?.content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
  const bodies: unknown[] = [];
  if (media?.example !== undefined) bodies.push(media.example);
  for (const example of Object.values((media?.examples ?? {}) as Record<string, { value?: unknown }>)) {
    if (example.value !== undefined) bodies.push(example.value);
  }
  for (const fixture of fixtures) if (fixture.operationId === operation.operationId) bodies.push(fixture.request);
  return bodies.filter((body, index) => bodies.findIndex((other) => sameJson(other, body)) === index);
}

/** The `{operationId, request}` of every JSON file in `dir` (fixtures/<upstream>/examples). */
export async function loadFixtureRequests(dir: string): Promise<FixtureRequest[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.json')).sort();
  const out: FixtureRequest[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    if (typeof parsed.operationId === 'string' && parsed.request !== undefined) out.push({ operationId: parsed.operationId, request: parsed.request });
  }
  return out;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
