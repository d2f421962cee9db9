/**
 * Reads request schemas the way case generation needs them: follows `$ref`s (relative file
 * names resolve against the schema's `$id`), lists properties with their required flags, and
 * tells a property's JSON type and enum.
 */
import { escapePointer, type ContractRegistry } from '../contracts/index.js';

type Schema = Record<string, unknown>;

export interface ResolvedSchema {
  schema: Schema;
  /** `$id` of the document the schema came from, for resolving the refs inside it. */
  baseId: string;
}

export interface PropertyInfo {
  name: string;
  /** JSON pointer of the property inside the body. */
  pointer: string;
  required: boolean;
  schema: Schema;
  baseId: string;
  types: string[];
  enum?: unknown[];
  maxLength?: number;
}

const MAX_REF_HOPS = 16;

export function resolveSchema(contracts: ContractRegistry, resolved: ResolvedSchema): ResolvedSchema {
  let { schema, baseId } = resolved;
  for (let hop = 0; hop < MAX_REF_HOPS && typeof schema.$ref === 'string'; hop += 1) {
    const { $ref, ...siblings } = schema;
    const target = resolveRef(contracts, baseId, $ref as string);
    schema = { ...target.schema, ...withoutAnnotations(siblings) };
    baseId = target.baseId;
  }
  return { schema, baseId };
}

export function schemaById(contracts: ContractRegistry, schemaId: string): ResolvedSchema {
  const [documentId = '', fragment] = schemaId.split('#');
  const document = contracts.schema(documentId);
  return resolveSchema(contracts, { schema: fragment ? pointerInto(document, fragment) : document, baseId: documentId });
}

/** The properties of an object schema (through `$ref`), one level deep unless `depth` > 1. */
export function listProperties(contracts: ContractRegistry, root: ResolvedSchema, depth = 2, prefix = ''): PropertyInfo[] {
  const { schema, baseId } = resolveSchema(contracts, root);
  const properties = (schema.properties ?? {}) as Record<string, Schema | boolean>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: PropertyInfo[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    if (typeof raw !== 'object') continue;
    const property = resolveSchema(contracts, { schema: raw, baseId });
    const pointer = `${prefix}/${escapePointer(name)}`;
    out.push({ name, pointer, required: required.has(name), ...property, ...describe(contracts, property) });
    if (depth > 1 && describe(contracts, property).types.includes('object')) {
      out.push(...listProperties(contracts, property, depth - 1, pointer));
    }
  }
  return out;
}

/** Fields `then` makes required when the body matches the `if` branch's consts (agentCover's female sizes). */
export function conditionallyRequired(contracts: ContractRegistry, root: ResolvedSchema, body: unknown): string[] {
  const { schema } = resolveSchema(contracts, root);
  const condition = schema.if as Schema | undefined;
  const then = schema.then as Schema | undefined;
  if (!condition || !then || !isObject(body)) return [];
  const consts = Object.entries((condition.properties ?? {}) as Record<string, Schema>);
  const matches = consts.every(([name, property]) => !('const' in property) || body[name] === property.const);
  return matches ? ((then.required ?? []) as string[]) : [];
}

function describe(contracts: ContractRegistry, { schema, baseId }: ResolvedSchema): { types: string[]; enum?: unknown[]; maxLength?: number } {
  const types = new Set<string>();
  if (typeof schema.type === 'string') types.add(schema.type);
  if (Array.isArray(schema.type)) for (const type of schema.type) types.add(String(type));
  if ('const' in schema) types.add(jsonType(schema.const));
  const enumValues = Array.isArray(schema.enum) ? schema.enum : undefined;
  if (enumValues) for (const value of enumValues) types.add(jsonType(value));
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const branch of (schema[keyword] ?? []) as Schema[]) {
      for (const type of describe(contracts, resolveSchema(contracts, { schema: branch, baseId })).types) types.add(type);
    }
  }
  if (types.size === 0 && (typeof schema.format === 'string' || typeof schema.pattern === 'string')) types.add('string');
  return {
    types: [...types],
    ...(enumValues ? { enum: enumValues } : {}),
    ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
  };
}

function resolveRef(contracts: ContractRegistry, baseId: string, ref: string): ResolvedSchema {
  const [file = '', fragment = ''] = ref.split('#');
  const documentId = file === '' ? baseId : new URL(file, baseId).href;
  const document = contracts.schema(documentId);
  return { schema: fragment ? pointerInto(document, fragment) : document, baseId: documentId };
}

function pointerInto(document: Schema, pointer: string): Schema {
  let current: unknown = document;
  for (const token of pointer.replace(/^\//, '').split('/')) {
    if (token === '') continue;
    current = (current as Record<string, unknown>)?.[token.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (!isObject(current)) throw new Error(`Failed to resolve #${pointer}: no schema there.`);
  return current;
}

function withoutAnnotations(siblings: Schema): Schema {
  const { description: _description, title: _title, ...rest } = siblings;
  return rest;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Returns a deep copy of `body` with `pointer` removed / set. */
export function applyAtPointer(body: unknown, pointer: string, change: { remove: true } | { value: unknown }): unknown {
  const copy = structuredClone(body) as unknown;
  const tokens = pointerTokens(pointer);
  const last = tokens.pop();
  if (last === undefined) return 'value' in change ? change.value : undefined;
  let parent: unknown = copy;
  for (const token of tokens) {
    if (!isObject(parent)) return copy;
    parent = parent[token];
  }
  if (!isObject(parent)) return copy;
  if ('remove' in change) delete parent[last];
  else parent[last] = change.value;
  return copy;
}
