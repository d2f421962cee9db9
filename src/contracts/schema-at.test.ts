import { describe, expect, it } from 'vitest';
import { schemaAt } from './schema-at.js';

const schemas = new Map<string, Record<string, unknown>>([
  ['https://x.dev/a.schema.json', { $id: 'https://x.dev/a.schema.json', properties: { inputs: { properties: { model: { $ref: 'b.schema.json#/$defs/model' }, self: { $ref: '#/$defs/local' } } } }, $defs: { local: { type: 'integer' } } }],
  ['https://x.dev/b.schema.json', { $id: 'https://x.dev/b.schema.json', $defs: { model: { $ref: '#/$defs/names' }, names: { type: 'string', enum: ['m1', 'm2'] }, 'a/b': { const: 1 } } }],
]);
const contracts = {
  schema(id: string) {
    const found = schemas.get(id);
    if (!found) throw new Error(`no schema ${id}`);
    return found;
  },
};

describe('schemaAt', () => {
  it('follows a $ref to another schema, resolved against the $id of the schema holding it, and the refs there', () => {
    expect(schemaAt(contracts, 'https://x.dev/a.schema.json', '/properties/inputs/properties/model')).toEqual({ schema: { type: 'string', enum: ['m1', 'm2'] }, schemaId: 'https://x.dev/b.schema.json', pointer: '/$defs/names' });
  });

  it('follows a $ref within the same schema, and decodes escaped pointer tokens', () => {
    expect(schemaAt(contracts, 'https://x.dev/a.schema.json', '/properties/inputs/properties/self')).toEqual({ schema: { type: 'integer' }, schemaId: 'https://x.dev/a.schema.json', pointer: '/$defs/local' });
    expect(schemaAt(contracts, 'https://x.dev/b.schema.json', '/$defs/a~1b')).toEqual({ schema: { const: 1 }, schemaId: 'https://x.dev/b.schema.json', pointer: '/$defs/a~1b' });
  });

  it('answers undefined for a pointer that leads nowhere, or through a $ref to a schema the registry lacks', () => {
    expect(schemaAt(contracts, 'https://x.dev/a.schema.json', '/properties/outputs')).toBeUndefined();
    schemas.set('https://x.dev/c.schema.json', { $id: 'https://x.dev/c.schema.json', properties: { gone: { $ref: 'missing.schema.json' } } });
    expect(schemaAt(contracts, 'https://x.dev/c.schema.json', '/properties/gone')).toBeUndefined();
  });
});
