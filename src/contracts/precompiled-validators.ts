/**
 * Build-time compiled contract validators. `npm run build` runs scripts/build-contract-validators.mjs,
 * which compiles every contract schema with the same ajv configuration as {@link createAjv} and writes
 * the validators' code (ajv "standalone" output, CommonJS) to dist/contracts/precompiled-validators.cjs,
 * together with a hash of the schemas and the ajv / ajv-formats versions. loadContracts uses those
 * validators only when the hash of the schemas it has just read matches; otherwise (edited schemas,
 * another contracts folder, running from src/) it compiles them at start-up as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv } from './ajv-instance.js';

/** Where the build writes the validators (beside this module in dist/contracts). */
export const DEFAULT_PRECOMPILED_FILE = fileURLToPath(new URL('./precompiled-validators.cjs', import.meta.url));
/** Export of the generated module holding the hash; `$id`s are URLs, so it cannot clash with one. */
const HASH_EXPORT = 'pixmockSchemaSetHash';

// ajv's standalone entry is CommonJS with `exports.default`; under nodenext the default import is the module object.
const standaloneCode = (standaloneModule as unknown as { default: (ajv: ReturnType<typeof createAjv>) => string }).default;

const require = createRequire(import.meta.url);

/** Hash of every schema ($id and content, in load order) and of the versions of the code that compiles them. */
export function schemaSetHash(schemas: ReadonlyMap<string, Record<string, unknown>>): string {
  const versions = ['ajv/package.json', 'ajv-formats/package.json'].map((name) => (require(name) as { version: string }).version);
  return createHash('sha256')
    .update(JSON.stringify({ versions, schemas: [...schemas] }))
    .digest('hex');
}

/** CommonJS source exporting one validator per schema `$id`, plus the schema set's hash. */
export function precompiledValidatorsSource(schemas: ReadonlyMap<string, Record<string, unknown>>): string {
  const ajv = createAjv({ source: true });
  for (const schema of schemas.values()) ajv.addSchema(schema);
  for (const id of schemas.keys()) ajv.getSchema(id);
  return `${standaloneCode(ajv)}\nexports[${JSON.stringify(HASH_EXPORT)}] = ${JSON.stringify(schemaSetHash(schemas))};\n`;
}

export function writePrecompiledValidators(schemas: ReadonlyMap<string, Record<string, unknown>>, file: string = DEFAULT_PRECOMPILED_FILE): void {
  writeFileSync(file, precompiledValidatorsSource(schemas));
}

/** The validators in `file` when it was built from exactly these schemas; undefined otherwise. */
export function loadPrecompiledValidators(file: string, schemas: ReadonlyMap<string, Record<string, unknown>>): Map<string, ValidateFunction> | undefined {
  if (!existsSync(file)) return undefined;
  let exported: Record<string, unknown>;
  try {
    exported = require(file) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (exported[HASH_EXPORT] !== schemaSetHash(schemas)) return undefined;
  const validators = new Map<string, ValidateFunction>();
  for (const id of schemas.keys()) {
    const validator = exported[id];
    if (typeof validator !== 'function') return undefined;
    validators.set(id, validator as ValidateFunction);
  }
  return validators;
}
