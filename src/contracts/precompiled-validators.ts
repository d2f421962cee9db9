/**
 * Build-time compiled validators. `npm run build` runs scripts/build-validators.mjs, which compiles
 * every contract schema (and every mocks schema) with the same ajv configuration as `createAjv` and
 * writes the validators' code (ajv "standalone" output, CommonJS) to
 * dist/contracts/precompiled-validators.cjs (dist/mocks/precompiled-validators.cjs), together with
 * hashes of the schemas and the ajv / ajv-formats versions. The loaders use those validators only
 * when the hash of the schemas they have just read matches; otherwise (edited schemas, another
 * folder, running from src/) they compile them at start-up. Either way ajv's compiler is only
 * loaded when something has to be compiled: it is most of a cold start.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

/** Where the build writes the validators (beside this module in dist/contracts). */
export const DEFAULT_PRECOMPILED_FILE = fileURLToPath(new URL('./precompiled-validators.cjs', import.meta.url));
/** Exports of the generated module holding the hashes; `$id`s are URLs, so they cannot clash with one. */
const HASH_EXPORT = 'pixmockSchemaSetHash';
const EACH_HASH_EXPORT = 'pixmockSchemaHashes';

const require = createRequire(import.meta.url);

/** Hash of every schema ($id and content, in load order) and of the versions of the code that compiles them. */
export function schemaSetHash(schemas: ReadonlyMap<string, Record<string, unknown>>): string {
  const versions = ['ajv/package.json', 'ajv-formats/package.json'].map((name) => (require(name) as { version: string }).version);
  return createHash('sha256')
    // By $id, so a set read in another order (one upstream's schemas first) has the same hash.
    .update(JSON.stringify({ versions, schemas: [...schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) }))
    .digest('hex');
}

/** CommonJS source exporting one validator per schema `$id`, plus the schema set's hash. */
export async function precompiledValidatorsSource(schemas: ReadonlyMap<string, Record<string, unknown>>): Promise<string> {
  const { createAjv } = await import('./ajv-instance.js');
  // ajv's standalone entry is CommonJS with `exports.default`; under nodenext the default import is the module object.
  const standaloneModule = (await import('ajv/dist/standalone/index.js')).default as unknown as { default: (ajv: unknown) => string };
  const standaloneCode = standaloneModule.default;
  const ajv = createAjv({ source: true });
  for (const schema of schemas.values()) ajv.addSchema(schema);
  for (const id of schemas.keys()) ajv.getSchema(id);
  const eachHash = Object.fromEntries([...schemas].map(([id, schema]) => [id, schemaSetHash(new Map([[id, schema]]))]));
  return [
    standaloneCode(ajv),
    `exports[${JSON.stringify(HASH_EXPORT)}] = ${JSON.stringify(schemaSetHash(schemas))};`,
    `exports[${JSON.stringify(EACH_HASH_EXPORT)}] = ${JSON.stringify(eachHash)};`,
    '',
  ].join('\n');
}

export async function writePrecompiledValidators(schemas: ReadonlyMap<string, Record<string, unknown>>, file: string = DEFAULT_PRECOMPILED_FILE): Promise<void> {
  writeFileSync(file, await precompiledValidatorsSource(schemas));
}

function requireGenerated(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return require(file) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The validator of one self-contained schema (no `$ref` to another file, like the mocks schemas)
 * when `file` holds one built from exactly this schema; undefined otherwise.
 */
export function loadPrecompiledValidator(file: string, schema: Record<string, unknown>): ValidateFunction | undefined {
  const id = schema.$id;
  const exported = typeof id === 'string' ? requireGenerated(file) : undefined;
  if (!exported || typeof id !== 'string') return undefined;
  const hashes = exported[EACH_HASH_EXPORT] as Record<string, string> | undefined;
  const validator = exported[id];
  return hashes?.[id] === schemaSetHash(new Map([[id, schema]])) && typeof validator === 'function' ? (validator as ValidateFunction) : undefined;
}

/** The validators in `file` when it was built from exactly these schemas; undefined otherwise. */
export function loadPrecompiledValidators(file: string, schemas: ReadonlyMap<string, Record<string, unknown>>): Map<string, ValidateFunction> | undefined {
  const exported = requireGenerated(file);
  if (!exported || exported[HASH_EXPORT] !== schemaSetHash(schemas)) return undefined;
  const validators = new Map<string, ValidateFunction>();
  for (const id of schemas.keys()) {
    const validator = exported[id];
    if (typeof validator !== 'function') return undefined;
    validators.set(id, validator as ValidateFunction);
  }
  return validators;
}
