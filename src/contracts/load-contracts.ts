/**
 * Reads every `contracts/<upstream>/openapi.yaml` and its `schemas/*.schema.json`, compiles all
 * schemas once with one ajv instance, and answers "is this request/response valid for operation X".
 *
 * @example
 * const contracts = await loadContracts();
 * const result = contracts.validateRequest('aibabe', 'chatImage', body);
 * if (!result.valid) console.log(result.diagnostics.map(formatDiagnostic));
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allInOrder } from './all-in-order.js';
import { compileValidators } from './compile-validators.js';
import { addSchemas, listUpstreams } from './contract-files.js';
import { ContractLoadError } from './contract-load-error.js';
import { createContractRegistry, type ContractRegistry } from './contract-registry.js';
import { DEFAULT_PRECOMPILED_FILE, writePrecompiledValidators } from './precompiled-validators.js';
import { readUpstreamContract, type UpstreamContract } from './upstream-contract.js';

export const DEFAULT_CONTRACTS_DIR = fileURLToPath(new URL('../../contracts/', import.meta.url));

export interface LoadContractsOptions {
  dir?: string;
  /** Load only these upstreams' contracts (default: every folder with an openapi.yaml). */
  upstreams?: readonly string[];
  /**
   * Validators compiled by the build (dist/contracts/precompiled-validators.cjs), used only when they
   * were built from exactly the schemas read now; `false` compiles every schema here. Default: the build's file.
   */
  precompiledFile?: string | false;
}

export async function loadContracts({ dir = DEFAULT_CONTRACTS_DIR, upstreams: only, precompiledFile = DEFAULT_PRECOMPILED_FILE }: LoadContractsOptions = {}): Promise<ContractRegistry> {
  const schemas = new Map<string, Record<string, unknown>>();
  const schemaFiles = new Map<string, string>();
  const upstreams = new Map<string, UpstreamContract>();

  const everyUpstream = await listUpstreams(dir);
  const chosen = everyUpstream.filter((id) => !only || only.includes(id));
  // Each upstream's files are read side by side; what they hold is added in upstream order.
  const read = await allInOrder(chosen.map(async (upstreamId) => {
    const upstreamDir = path.join(dir, upstreamId);
    const found: Array<{ id: string; schema: Record<string, unknown>; file: string }> = [];
    const fileToId = await addSchemas(upstreamDir, (id, schema, file) => found.push({ id, schema, file }));
    return { upstreamId, found, contract: await readUpstreamContract(upstreamId, upstreamDir, fileToId) };
  }));
  for (const { upstreamId, found, contract } of read) {
    for (const { id, schema, file } of found) {
      if (schemas.has(id)) throw new ContractLoadError(file, `duplicate $id ${id}`);
      schemas.set(id, schema);
      schemaFiles.set(id, file);
    }
    upstreams.set(upstreamId, contract);
  }

  const otherUpstreams = everyUpstream.filter((id) => !upstreams.has(id));
  const validators = await compileValidators({ dir, schemas, schemaFiles, upstreams, otherUpstreams, precompiledFile });
  return createContractRegistry({ dir, schemas, upstreams, validators });
}

/** Build step: compiles every schema under `dir` and writes the validators loadContracts picks up. */
export async function precompileContractValidators({ dir = DEFAULT_CONTRACTS_DIR, file = DEFAULT_PRECOMPILED_FILE }: { dir?: string; file?: string } = {}): Promise<void> {
  const schemas = new Map<string, Record<string, unknown>>();
  for (const upstreamId of await listUpstreams(dir)) {
    await addSchemas(path.join(dir, upstreamId), (id, schema) => schemas.set(id, schema));
  }
  await writePrecompiledValidators(schemas, file);
}
