import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { bundleContract } from './bundle-contract.js';

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Every `$ref` at any depth, with where it was found. */
function refsIn(value: unknown, at = ''): { ref: string; at: string }[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === '$ref' && typeof item === 'string' ? [{ ref: item, at }] : refsIn(item, `${at}/${key}`)));
}

/** The values of these extensions at any depth. */
function extensionValues(value: unknown, names: string[]): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (names.includes(key) && typeof item === 'string' ? [item] : extensionValues(item, names)));
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node !== null && typeof node === 'object' ? (node as Json)[token] : undefined), document);
}

/** The examples the bundled document gives for each response and request body, with where their schema is. */
function examplesIn(document: Json): { where: string; schemaPointer: string; value: unknown }[] {
  const found: { where: string; schemaPointer: string; value: unknown }[] = [];
  const escape = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      const bodies = [['requestBody', (operation as Json).requestBody], ...Object.entries(((operation as Json).responses ?? {}) as Json).map(([status, response]) => [`responses/${status}`, response])] as [string, unknown][];
      for (const [place, body] of bodies) {
        for (const [mediaType, content] of Object.entries(((body as Json | undefined)?.content ?? {}) as Json)) {
          const { schema, examples, example } = content as Json;
          if (!schema || mediaType !== 'application/json') continue;
          const schemaPointer = `#/paths/${escape(path)}/${method}/${place.split('/').map(escape).join('/')}/content/${escape(mediaType)}/schema`;
          const values = example !== undefined ? [example] : Object.values((examples ?? {}) as Json).map((entry) => (entry as Json).value);
          for (const value of values) found.push({ where: `${method.toUpperCase()} ${path} ${place}`, schemaPointer, value });
        }
      }
    }
  }
  return found;
}

describe.each(['aibabe', 'chatfire', 'dify'])('the %s contract bundled into one document', (upstream) => {
  it('points every $ref inside the document, at something that is there', async () => {
    const document = await bundleContract(upstream);
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const { ref, at } of refs) {
      expect(ref, at).toMatch(/^#\//);
      expect(resolvePointer(document, ref), `${ref} (at ${at})`).toBeDefined();
    }
    const extensions = extensionValues(document, ['x-pixmock-error-schema', 'x-pixmock-sse-event-schema']);
    expect(extensions.length).toBeGreaterThan(0);
    for (const value of extensions) {
      expect(value).toMatch(/^#\/components\/schemas\//);
      expect(resolvePointer(document, value), value).toBeDefined();
    }
  });

  it('keeps no $id, so no tool rebases a reference', async () => {
    const { components } = await bundleContract(upstream);
    expect(JSON.stringify((components as Json).schemas)).not.toContain('"$id"');
  });

  it('accepts every JSON example it documents, compiled as one schema resource by a JSON Schema 2020-12 validator', async () => {
    const document = await bundleContract(upstream);
    // Not strict: the resource is a whole OpenAPI document, whose keywords are no JSON Schema's.
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true }));
    ajv.addSchema({ ...document, $id: 'https://pixmock.dev/bundle.json' }, undefined, undefined, false);
    const examples = examplesIn(document);
    expect(examples.length).toBeGreaterThan(3);
    for (const { where, schemaPointer, value } of examples) {
      const validate = ajv.compile({ $ref: `https://pixmock.dev/bundle.json${schemaPointer}` });
      expect(validate(value), `${where}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
