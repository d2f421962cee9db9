/** serve-config.schema.json read as nodes: the one place every serve option is written. */
import SCHEMA_JSON from './serve-config.schema.json' with { type: 'json' };

export interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  writeOnly?: boolean;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  'x-pixmock-flag'?: string;
  'x-pixmock-env'?: string;
  'x-pixmock-expect'?: string;
}

export const SCHEMA = SCHEMA_JSON as unknown as SchemaNode & { $id: string; $defs: Record<string, SchemaNode> };

/** A node with its local `$ref` (`#/$defs/port`) merged in; the node's own keywords win. */
export function resolveRef(node: SchemaNode): SchemaNode {
  const name = node.$ref?.replace(/^#\/\$defs\//, '');
  const target = name === undefined ? undefined : SCHEMA.$defs[name];
  return target ? { ...target, ...node } : node;
}

/** The schema node of the option or object at `pointer`, if the schema has one. */
export function nodeAt(pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = SCHEMA;
  for (const name of pointer.split('/').slice(1)) {
    const properties: Record<string, SchemaNode> = node?.properties ?? {};
    node = Object.hasOwn(properties, name) ? resolveRef(properties[name] as SchemaNode) : undefined;
  }
  return node;
}
