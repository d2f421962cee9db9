/**
 * The subschema at a JSON pointer inside a schema, following `$ref`s on the way, including ones to
 * other schemas of the registry (resolved against the `$id` of the schema that holds them). For
 * checks that compare what a contract allows with what the mocks hold.
 *
 * @example
 * schemaAt(contracts, 'https://pixmock.dev/contracts/dify/workflow-run-request.schema.json', '/properties/inputs/properties/model_name');
 * // { type: 'string', enum: [...] } — from common.schema.json#/$defs/modelName
 */
import type { ContractRegistry } from './contract-registry.js';

/** How many `$ref`s one lookup follows before it gives up (a cycle). */
const MAX_REFS = 16;

export function schemaAt(contracts: Pick<ContractRegistry, 'schema'>, schemaId: string, pointer: string): Record<string, unknown> | undefined {
  let base = schemaId;
  let node: unknown = contracts.schema(schemaId);
  let refs = 0;
  const follow = () => {
    for (let ref = refOf(node); ref !== undefined; ref = refOf(node)) {
      if (++refs > MAX_REFS) return false;
      const target = new URL(ref, base);
      const fragment = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      base = target.href;
      node = walk(contracts.schema(base), fragment);
    }
    return true;
  };
  for (const token of tokens(pointer)) {
    if (!follow() || !isObject(node)) return undefined;
    node = node[token];
  }
  return follow() && isObject(node) ? node : undefined;
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
