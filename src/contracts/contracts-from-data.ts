/**
 * The contracts as data, the form the browser bundle carries them in (each upstream's parsed
 * openapi.yaml and its schemas by file name), made into the registry `loadContracts` makes from
 * the folder: the same operations, catalogue and validators, compiled here.
 */
import { compileValidators } from './compile-validators.js';
import { ContractLoadError } from './contract-load-error.js';
import { createContractRegistry, type ContractRegistry } from './contract-registry.js';
import { parseUpstreamContract, type UpstreamContract } from './upstream-contract.js';

/** Where errors say the data came from: the files it was read from when the bundle was built. */
const DATA_DIR = 'contracts';

export interface UpstreamContractData {
  /** The parsed openapi.yaml. */
  document: Record<string, unknown>;
  /** Each schema of schemas/, by file name. */
  schemas: Record<string, Record<string, unknown>>;
}

/** Upstream id → its contract. */
export type ContractData = Record<string, UpstreamContractData>;

export async function contractsFromData(data: ContractData): Promise<ContractRegistry> {
  const schemas = new Map<string, Record<string, unknown>>();
  const schemaFiles = new Map<string, string>();
  const upstreams = new Map<string, UpstreamContract>();
  for (const [upstreamId, { document, schemas: files }] of Object.entries(data)) {
    const fileToId = new Map<string, string>();
    for (const [file, schema] of Object.entries(files)) {
      const where = `${DATA_DIR}/${upstreamId}/schemas/${file}`;
      const id = schema.$id;
      if (typeof id !== 'string') throw new ContractLoadError(where, 'the schema has no "$id"');
      if (schemas.has(id)) throw new ContractLoadError(where, `duplicate $id ${id}`);
      fileToId.set(file, id);
      schemas.set(id, schema);
      schemaFiles.set(id, where);
    }
    upstreams.set(upstreamId, parseUpstreamContract(upstreamId, `${DATA_DIR}/${upstreamId}/openapi.yaml`, document, fileToId));
  }
  const validators = await compileValidators({ dir: DATA_DIR, schemas, schemaFiles, upstreams, otherUpstreams: [], precompiledFile: false });
  return createContractRegistry({ dir: DATA_DIR, schemas, upstreams, validators });
}
