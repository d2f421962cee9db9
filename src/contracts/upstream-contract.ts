/**
 * One upstream's contract read from its `openapi.yaml`: the operations, the error catalogue
 * (`x-pixmock-errors`) and its schema (`x-pixmock-error-schema`), and the look-up of an operation
 * by method and path.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractLoadError } from './contract-load-error.js';
import { createErrorCatalogue, type ErrorCatalogue, type ErrorEntry } from './error-catalogue.js';
import { createOperationMatcher, type OperationMatcher } from './operation-matcher.js';
import { readOperations, type OperationContract } from './operation-table.js';
import { createSchemaRefResolver } from './resolve-refs.js';
import { parseYamlCached } from './yaml-cache.js';

export interface UpstreamContract extends OperationMatcher {
  id: string;
  documentPath: string;
  document: Record<string, unknown>;
  operations: Map<string, OperationContract>;
  errors: ErrorCatalogue;
  errorSchemaId: string;
  /** The largest request body the upstream takes, in bytes (`x-pixmock-body-limit`), if the contract says. */
  bodyLimit?: number;
}

/** Reads `<upstreamDir>/openapi.yaml`; `fileToId` maps each file in its schemas/ to that schema's `$id`. */
export async function readUpstreamContract(id: string, upstreamDir: string, fileToId: ReadonlyMap<string, string>): Promise<UpstreamContract> {
  const documentPath = path.join(upstreamDir, 'openapi.yaml');
  let document: Record<string, unknown>;
  try {
    document = parseYamlCached(await readFile(documentPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ContractLoadError(documentPath, `not valid YAML (${(error as Error).message})`, { cause: error });
  }
  return parseUpstreamContract(id, documentPath, document, fileToId);
}

/** One upstream's contract from its parsed `openapi.yaml` (`documentPath` names it in errors). */
export function parseUpstreamContract(id: string, documentPath: string, document: Record<string, unknown>, fileToId: ReadonlyMap<string, string>): UpstreamContract {
  const resolveRef = createSchemaRefResolver(documentPath, fileToId);
  const operations = readOperations({ upstream: id, document, documentPath, resolveRef });

  const errorSchemaId = resolveRef(document['x-pixmock-error-schema']);
  if (!errorSchemaId) throw new ContractLoadError(documentPath, 'x-pixmock-error-schema is missing');
  const errors = createErrorCatalogue(id, (document['x-pixmock-errors'] ?? {}) as Record<string, ErrorEntry>);
  const bodyLimit = document['x-pixmock-body-limit'];
  if (bodyLimit !== undefined && !(Number.isSafeInteger(bodyLimit) && (bodyLimit as number) > 0)) {
    throw new ContractLoadError(documentPath, `x-pixmock-body-limit is ${JSON.stringify(bodyLimit)}; write the largest body in bytes, a whole number above 0`);
  }

  return { id, documentPath, document, operations, errors, errorSchemaId, bodyLimit: bodyLimit as number | undefined, ...createOperationMatcher(operations.values()) };
}
