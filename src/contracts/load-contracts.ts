/**
 * Reads every `contracts/<upstream>/openapi.yaml` and its `schemas/*.schema.json`, compiles all
 * schemas once with one ajv instance, and answers "is this request/response valid for operation X".
 *
 * @example
 * const contracts = await loadContracts();
 * const result = contracts.validateRequest('aibabe', 'chatImage', body);
 * if (!result.valid) console.log(result.diagnostics.map(formatDiagnostic));
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { ContractLoadError } from './contract-load-error.js';
import { toDiagnostics, type Diagnostic } from './diagnostics.js';
import { createErrorCatalogue, type ErrorCatalogue, type ErrorEntry } from './error-catalogue.js';
import { emptyTable } from './null-prototype.js';
import { DEFAULT_PRECOMPILED_FILE, loadPrecompiledValidators, writePrecompiledValidators } from './precompiled-validators.js';
import { parseYamlCached } from './yaml-cache.js';

export const DEFAULT_CONTRACTS_DIR = fileURLToPath(new URL('../../contracts/', import.meta.url));

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface ResponseContent {
  schemaId?: string;
  /** For `text/event-stream`: the schema each event's JSON data must match. */
  eventSchemaId?: string;
}

export interface OperationContract {
  upstream: string;
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. `/v1/workflows/run/{workflow_run_id}`. */
  path: string;
  requestSchemaId?: string;
  requestContentTypes: string[];
  /** Status code ("200", "4XX", "default") → media type → content. */
  responses: Record<string, Record<string, ResponseContent>>;
  requiresAuth: boolean;
  raw: Record<string, unknown>;
}

export interface UpstreamContract {
  id: string;
  documentPath: string;
  document: Record<string, unknown>;
  operations: Map<string, OperationContract>;
  errors: ErrorCatalogue;
  errorSchemaId: string;
  /** The operation documented for this method and path, with its path parameters decoded (a broken `%` escape throws URIError). */
  findOperation(method: string, urlPath: string): { operation: OperationContract; params: Record<string, string> } | undefined;
  /** The methods documented for this path (empty when no operation has it). */
  methodsAt(urlPath: string): string[];
}

export interface ValidationResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

export interface ContractRegistry {
  readonly dir: string;
  upstreamIds(): string[];
  upstream(id: string): UpstreamContract;
  operation(upstream: string, operationId: string): OperationContract;
  schema(schemaId: string): Record<string, unknown>;
  validate(schemaId: string, value: unknown): ValidationResult;
  validateRequest(upstream: string, operationId: string, body: unknown): ValidationResult;
  validateResponse(upstream: string, operationId: string, response: { status: number; contentType?: string; body: unknown }): ValidationResult;
}

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
  // ajv (and its compiler) is loaded only when a schema has to be compiled here.
  let ajvInstance: Promise<Ajv2020> | undefined;
  const compiler = () => (ajvInstance ??= createAjvWith(schemas, schemaFiles));
  const schemas = new Map<string, Record<string, unknown>>();
  const schemaFiles = new Map<string, string>();
  const upstreams = new Map<string, UpstreamContract>();

  const everyUpstream = await listUpstreams(dir);
  for (const upstreamId of everyUpstream.filter((id) => !only || only.includes(id))) {
    const upstreamDir = path.join(dir, upstreamId);
    const fileToId = await addSchemas(upstreamDir, (id, schema, file) => {
      if (schemas.has(id)) throw new ContractLoadError(file, `duplicate $id ${id}`);
      schemas.set(id, schema);
      schemaFiles.set(id, file);
    });
    upstreams.set(upstreamId, await readUpstream(upstreamId, upstreamDir, fileToId));
  }

  const validators =
    (precompiledFile && loadPrecompiledValidators(precompiledFile, await withOtherUpstreamsSchemas(dir, schemas, everyUpstream.filter((id) => !upstreams.has(id))))) ||
    new Map<string, ValidateFunction>();
  // Every schema, and every fragment (`…#/$defs/x`) an operation refers to, has its validator now.
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

  const validate = (schemaId: string, value: unknown): ValidationResult => {
    const validator = validators.get(schemaId);
    if (!validator) throw new Error(`Failed to validate: no schema with $id ${schemaId} in ${dir}, and no operation refers to it.`);
    const valid = validator(value) as boolean;
    return { valid, diagnostics: valid ? [] : toDiagnostics(validator.errors, value) };
  };
  const upstream = (id: string) => {
    const found = upstreams.get(id);
    if (!found) throw new Error(`Failed to find upstream "${id}": contracts exist for ${[...upstreams.keys()].join(', ')}.`);
    return found;
  };
  const operation = (upstreamId: string, operationId: string) => {
    const found = upstream(upstreamId).operations.get(operationId);
    if (!found) throw new Error(`Failed to find operation "${operationId}" in contracts/${upstreamId}/openapi.yaml.`);
    return found;
  };

  return {
    dir,
    upstreamIds: () => [...upstreams.keys()],
    upstream,
    operation,
    schema(schemaId) {
      const found = schemas.get(schemaId);
      if (!found) throw new Error(`Failed to find schema ${schemaId}.`);
      return found;
    },
    validate,
    validateRequest(upstreamId, operationId, body) {
      const { requestSchemaId } = operation(upstreamId, operationId);
      return requestSchemaId ? validate(requestSchemaId, body) : { valid: true, diagnostics: [] };
    },
    validateResponse(upstreamId, operationId, { status, contentType, body }) {
      const op = operation(upstreamId, operationId);
      const byType = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
      if (!byType) {
        return invalid('', 'status', `status ${status} is not documented for ${operationId}`, Object.keys(op.responses), status);
      }
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
      const documentedTypes = Object.keys(byType);
      if (documentedTypes.length === 0) return { valid: true, diagnostics: [] };
      const content = mediaType ? byType[mediaType] : undefined;
      if (!content) {
        return invalid('', 'contentType', `content type is not documented for ${operationId} ${status}`, documentedTypes, mediaType ?? null);
      }
      return content.schemaId ? validate(content.schemaId, body) : { valid: true, diagnostics: [] };
    },
  };
}

/** Build step: compiles every schema under `dir` and writes the validators loadContracts picks up. */
export async function precompileContractValidators({ dir = DEFAULT_CONTRACTS_DIR, file = DEFAULT_PRECOMPILED_FILE }: { dir?: string; file?: string } = {}): Promise<void> {
  const schemas = new Map<string, Record<string, unknown>>();
  for (const upstreamId of await listUpstreams(dir)) {
    await addSchemas(path.join(dir, upstreamId), (id, schema) => schemas.set(id, schema));
  }
  await writePrecompiledValidators(schemas, file);
}

function invalid(pointer: string, keyword: string, message: string, expected: unknown, received: unknown): ValidationResult {
  return { valid: false, diagnostics: [{ pointer, keyword, message, expected, received }] };
}

async function listUpstreams(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const ids: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && (await readdir(path.join(dir, entry.name))).includes('openapi.yaml')) ids.push(entry.name);
    }
    return ids.sort();
  } catch (error) {
    throw new ContractLoadError(dir, 'the folder cannot be read', { cause: error });
  }
}

/** Adds every schemas/*.schema.json and returns relative file name → $id. */
async function addSchemas(upstreamDir: string, add: (id: string, schema: Record<string, unknown>, file: string) => void): Promise<Map<string, string>> {
  const schemaDir = path.join(upstreamDir, 'schemas');
  const fileToId = new Map<string, string>();
  const files = (await readdir(schemaDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const fullPath = path.join(schemaDir, file);
    const schema = await readJson(fullPath);
    const id = schema.$id;
    if (typeof id !== 'string') throw new ContractLoadError(fullPath, 'the schema has no "$id"');
    fileToId.set(file, id);
    add(id, schema, fullPath);
  }
  return fileToId;
}

async function readUpstream(id: string, upstreamDir: string, fileToId: Map<string, string>): Promise<UpstreamContract> {
  const documentPath = path.join(upstreamDir, 'openapi.yaml');
  let document: Record<string, unknown>;
  try {
    document = parseYamlCached(await readFile(documentPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ContractLoadError(documentPath, `not valid YAML (${(error as Error).message})`, { cause: error });
  }
  const resolveRef = (ref: unknown): string | undefined => {
    if (typeof ref !== 'string') return undefined;
    const [file = '', fragment] = ref.split('#');
    const schemaId = fileToId.get(path.basename(file));
    if (!schemaId) throw new ContractLoadError(documentPath, `$ref ${ref} does not name a file in schemas/`);
    return fragment ? `${schemaId}#${fragment}` : schemaId;
  };

  const operations = new Map<string, OperationContract>();
  const globalSecurity = document.security as unknown[] | undefined;
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [template, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const operationId = raw.operationId;
      if (typeof operationId !== 'string') throw new ContractLoadError(documentPath, `${method.toUpperCase()} ${template} has no operationId`);
      const requestContent = ((deref(document, raw.requestBody) as Record<string, unknown> | undefined)?.content ?? {}) as Record<string, { schema?: { $ref?: string } }>;
      // Looked up by the status and media type of a response under test: no prototype to find there.
      const responses: OperationContract['responses'] = emptyTable();
      for (const [status, responseOrRef] of Object.entries((raw.responses ?? {}) as Record<string, unknown>)) {
        const response = deref(document, responseOrRef) as Record<string, unknown>;
        const content = (response.content ?? {}) as Record<string, Record<string, unknown>>;
        const byType = emptyTable<ResponseContent>();
        for (const [mediaType, media] of Object.entries(content)) {
          byType[mediaType] = {
            schemaId: resolveRef((media.schema as { $ref?: string } | undefined)?.$ref),
            eventSchemaId: resolveRef(media['x-pixmock-sse-event-schema']),
          };
        }
        responses[status] = byType;
      }
      const security = (raw.security as unknown[] | undefined) ?? globalSecurity ?? [];
      operations.set(operationId, {
        upstream: id,
        operationId,
        method: method.toUpperCase(),
        path: template,
        requestSchemaId: resolveRef(requestContent['application/json']?.schema?.$ref),
        requestContentTypes: Object.keys(requestContent),
        responses,
        requiresAuth: security.length > 0,
        raw,
      });
    }
  }

  const errorSchemaId = resolveRef(document['x-pixmock-error-schema']);
  if (!errorSchemaId) throw new ContractLoadError(documentPath, 'x-pixmock-error-schema is missing');
  const errors = createErrorCatalogue(id, (document['x-pixmock-errors'] ?? {}) as Record<string, ErrorEntry>);
  const matchers = [...operations.values()].map((operation) => ({ operation, ...compilePathTemplate(operation.path) }));

  return {
    id,
    documentPath,
    document,
    operations,
    errors,
    errorSchemaId,
    findOperation(method, urlPath) {
      for (const { operation, pattern, names } of matchers) {
        if (operation.method !== method.toUpperCase()) continue;
        const match = pattern.exec(urlPath);
        if (match) return { operation, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')])) };
      }
      return undefined;
    },
    methodsAt(urlPath) {
      return matchers.filter(({ pattern }) => pattern.test(urlPath)).map(({ operation }) => operation.method);
    },
  };
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

/** Follows a document-local `$ref` (`#/components/responses/…`), as OpenAPI allows for responses and bodies. */
function deref(document: Record<string, unknown>, value: unknown, depth = 0): unknown {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 8) return value;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token.replaceAll('~1', '/').replaceAll('~0', '~')], document);
  return deref(document, target, depth + 1);
}

function compilePathTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ContractLoadError(file, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
