/**
 * A validator for every schema of the loaded upstreams and for every fragment (`…#/$defs/x`) an
 * operation refers to: the build's precompiled ones when they were built from exactly these
 * schemas, else compiled here with one ajv instance.
 */
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { addSchemas } from './contract-files.js';
import { ContractLoadError } from './contract-load-error.js';
import { loadPrecompiledValidators } from './precompiled-validators.js';
import type { UpstreamContract } from './upstream-contract.js';

export interface CompileValidatorsInput {
  dir: string;
  /** Every schema of the loaded upstreams by `$id`, and the file each was read from. */
  schemas: ReadonlyMap<string, Record<string, unknown>>;
  schemaFiles: ReadonlyMap<string, string>;
  upstreams: ReadonlyMap<string, UpstreamContract>;
  /** The upstreams under `dir` that were not loaded. */
  otherUpstreams: string[];
  precompiledFile: string | false;
}

export async function compileValidators({ dir, schemas, schemaFiles, upstreams, otherUpstreams, precompiledFile }: CompileValidatorsInput): Promise<Map<string, ValidateFunction>> {
  // ajv (and its compiler) is loaded only when a schema has to be compiled here.
  let ajvInstance: Promise<Ajv2020> | undefined;
  const compiler = () => (ajvInstance ??= createAjvWith(schemas, schemaFiles));
  const validators =
    (precompiledFile && loadPrecompiledValidators(precompiledFile, await withOtherUpstreamsSchemas(dir, schemas, otherUpstreams))) || new Map<string, ValidateFunction>();
  for (const id of [...schemas.keys(), ...referencedSchemaIds(upstreams.values())]) {
    if (validators.has(id)) continue;
    const ajv = await compiler();
    let validator: ValidateFunction | undefined;
    try {
      validator = ajv.getSchema(id);
    } catch (error) {
      throw new ContractLoadError(id, `schema does not compile (${(error as Error).message})`, { cause: error });
    }
    if (!validator) throw new ContractLoadError(id, 'no schema has this $id and fragment');
    validators.set(id, validator);
  }
  return validators;
}

/**
 * The build compiled every upstream's schemas as one set, so a registry of some upstreams checks the
 * whole set against it (reading the others' schemas is cheap; compiling is not). The others'
 * schemas are read only for that check: when one cannot be read, the loaded ones are compiled.
 */
async function withOtherUpstreamsSchemas(dir: string, schemas: ReadonlyMap<string, Record<string, unknown>>, others: string[]): Promise<ReadonlyMap<string, Record<string, unknown>>> {
  if (others.length === 0) return schemas;
  const everySchema = new Map(schemas);
  try {
    for (const upstreamId of others) await addSchemas(path.join(dir, upstreamId), (id, schema) => everySchema.set(id, schema));
  } catch {
    return schemas;
  }
  return everySchema;
}

function referencedSchemaIds(upstreams: Iterable<UpstreamContract>): string[] {
  const ids: (string | undefined)[] = [];
  for (const upstream of upstreams) {
    ids.push(upstream.errorSchemaId);
    for (const operation of upstream.operations.values()) {
      ids.push(operation.requestSchemaId);
      for (const byType of Object.values(operation.responses)) for (const content of Object.values(byType)) ids.push(content.schemaId, content.eventSchemaId);
    }
  }
  return ids.filter((id): id is string => id !== undefined);
}

/** Every schema in one ajv, each checked against the 2020-12 meta-schema as it is added. */
async function createAjvWith(schemas: ReadonlyMap<string, Record<string, unknown>>, files: ReadonlyMap<string, string>): Promise<Ajv2020> {
  const { createAjv } = await import('./ajv-instance.js');
  const ajv = createAjv();
  for (const [id, schema] of schemas) {
    try {
      ajv.addSchema(schema);
    } catch (error) {
      throw new ContractLoadError(files.get(id) ?? id, `the schema is invalid (${(error as Error).message})`, { cause: error });
    }
  }
  return ajv;
}
