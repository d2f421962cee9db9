/** A contracts folder read into {@link ContractData}: what the browser bundle's build step carries into the page. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addSchemas, listUpstreams } from './contract-files.js';
import type { ContractData } from './contracts-from-data.js';
import { DEFAULT_CONTRACTS_DIR } from './load-contracts.js';
import { parseYamlCached } from './yaml-cache.js';

export async function readContractData({ dir = DEFAULT_CONTRACTS_DIR, upstreams }: { dir?: string; upstreams?: readonly string[] } = {}): Promise<ContractData> {
  const data: ContractData = {};
  for (const id of upstreams ?? (await listUpstreams(dir))) {
    const upstreamDir = path.join(dir, id);
    const schemas: Record<string, Record<string, unknown>> = {};
    await addSchemas(upstreamDir, (_id, schema, file) => (schemas[path.basename(file)] = schema));
    data[id] = { document: parseYamlCached(await readFile(path.join(upstreamDir, 'openapi.yaml'), 'utf8')) as Record<string, unknown>, schemas };
  }
  return data;
}
