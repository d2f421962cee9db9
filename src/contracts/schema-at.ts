/**
 * The subschema at a JSON pointer inside a schema, following `$ref`s on the way, including ones to
 * other schemas of the registry (resolved against the `$id` of the schema that holds them), and
 * where it was found. For checks that compare what a contract allows with what the mocks hold, and
 * that must name the file to edit.
 *
 * @example
 * schemaAt(contracts, 'https://pixmock.dev/contracts/dify/workflow-run-request.schema.json', '/properties/inputs/properties/model_name');
 * // { schema: { type: 'string', enum: [...] }, schemaId: 'https://pixmock.dev/contracts/dify/common.schema.json', pointer: '/$defs/modelName' }
 */
import type { ContractRegistry } from './contract-registry.js';

/** How many `$ref`s one lookup follows before it gives up (a cycle). */
const MAX_REFS = 16;

export interface FoundSchema {
  schema: Record<string, unknown>;
  /** The `$id` of the schema that holds it, and the pointer inside that schema. */
  schemaId: string;
  pointer: string;
}

/** Undefined when the pointer leads nowhere, through a `$ref` to a schema the registry lacks, or round a cycle. */
export function schemaAt(contracts: Pick<ContractRegistry, 'schema'>, schemaId: string, pointer: string): FoundSchema | undefined {
  let base = schemaId;
  let within = '';
  let node: unknown = lookUp(contracts, schemaId);
  let refs = 0;
  const follow = () => {
    for (let ref = refOf(node); ref !== undefined; ref = refOf(node)) {
      if (++refs > MAX_REFS || !URL.canParse(ref, base)) return false;
      const target = new URL(ref, base);
      within = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      base = target.href;
      node = walk(lookUp(contracts, base), within);
    }
    return true;
  };
  for (const token of tokens(pointer)) {
    if (!follow() || !isObject(node)) return undefined;
    node = node[token];
    within += `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return follow() && isObject(node) ? { schema: node, schemaId: base, pointer: within } : undefined;
}

function lookUp(contracts: Pick<ContractRegistry, 'schema'>, schemaId: string): unknown {
  try {
    return contracts.schema(schemaId);
  } catch {
    return undefined;
  }
}

function walk(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of tokens(pointer)) node = isObject(node) ? node[token] : undefined;
  return node;
}

function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function refOf(node: unknown): string | undefined {
  return isObject(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
