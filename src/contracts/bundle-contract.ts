/**
 * One upstream's contract as a single self-contained OpenAPI 3.1 document, for tools that do not
 * resolve JSON Schema `$id`s (Postman, Redocly, Swagger UI, openapi-typescript): every schema file
 * becomes `components.schemas.<file name>`, and every `$ref` (in the document, between schema files,
 * or to a schema's own `$defs`) points inside the document. pixmock itself keeps reading the
 * split files; the bundle is made from them and says the same.
 *
 * @example
 * const document = await bundleContract('dify');
 * await writeFile('dify.openapi.yaml', stringify(document, { aliasDuplicateObjects: false }));
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractLoadError } from './contract-load-error.js';
import { DEFAULT_CONTRACTS_DIR } from './load-contracts.js';
import { parseYamlCached } from './yaml-cache.js';

const SCHEMA_SUFFIX = '.schema.json';
/** pixmock's extensions whose value is a schema file, like a `$ref`. */
const SCHEMA_FILE_EXTENSIONS = ['x-pixmock-error-schema', 'x-pixmock-sse-event-schema'];

type Json = Record<string, unknown>;

export async function bundleContract(upstream: string, { dir = DEFAULT_CONTRACTS_DIR }: { dir?: string } = {}): Promise<Json> {
  const upstreamDir = path.join(dir, upstream);
  const documentFile = path.join(upstreamDir, 'openapi.yaml');
  const document = parseYamlCached(await readFile(documentFile, 'utf8').catch((error: unknown) => {
    throw new ContractLoadError(documentFile, 'the file cannot be read', { cause: error });
  })) as Json;
  const schemaDir = path.join(upstreamDir, 'schemas');
  const files = (await readdir(schemaDir).catch(() => [] as string[])).filter((file) => file.endsWith(SCHEMA_SUFFIX)).sort();
  const componentOf = (file: string, from: string) => {
    const name = path.basename(file);
    if (!files.includes(name)) throw new ContractLoadError(from, `a $ref names ${file}, which is not in ${path.relative(dir, schemaDir)}`);
    return `#/components/schemas/${name.slice(0, -SCHEMA_SUFFIX.length)}`;
  };

  const schemas: Json = {};
  for (const file of files) {
    const from = path.join(schemaDir, file);
    const { $id: _id, $schema: _dialect, ...schema } = JSON.parse(await readFile(from, 'utf8')) as Json;
    const self = componentOf(file, from);
    schemas[file.slice(0, -SCHEMA_SUFFIX.length)] = rewriteRefs(schema, (ref) => (ref.startsWith('#') ? `${self}${ref.slice(1)}` : externalRef(ref, componentOf, from)));
  }
  const bundled = rewriteRefs(document, (ref) => (ref.startsWith('#') ? ref : externalRef(ref, componentOf, documentFile))) as Json;
  for (const extension of SCHEMA_FILE_EXTENSIONS) rewriteExtension(bundled, extension, (file) => componentOf(file, documentFile));
  const components = (bundled.components ?? {}) as Json;
  return { ...bundled, components: { ...components, schemas: { ...(components.schemas as Json | undefined), ...schemas } } };
}

/** `file#/pointer` as the component of that file, followed by the pointer. */
function externalRef(ref: string, componentOf: (file: string, from: string) => string, from: string): string {
  const hash = ref.indexOf('#');
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  return `${componentOf(file, from)}${pointer}`;
}

/** A deep copy with every `$ref` string rewritten. */
function rewriteRefs(value: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rewrite));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' ? rewrite(item) : rewriteRefs(item, rewrite)]));
}

/** Rewrites, at any depth, the string values of one extension (they name schema files). */
function rewriteExtension(value: unknown, extension: string, rewrite: (file: string) => string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (key === extension && typeof item === 'string') (value as Json)[key] = rewrite(item);
    else rewriteExtension(item, extension, rewrite);
  }
}
