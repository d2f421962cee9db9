/** The one ajv configuration pixmock uses: JSON Schema 2020-12, formats, strict schemas. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; under nodenext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** OpenAPI annotations that may appear inside schemas and that ajv should accept and ignore. */
const OPENAPI_ANNOTATIONS = ['example', 'discriminator', 'xml', 'externalDocs'];
/** pixmock's own annotations (src/config/serve-config.schema.json): each option's flag, variable and allowed values in words. */
const PIXMOCK_ANNOTATIONS = ['x-pixmock-flag', 'x-pixmock-env', 'x-pixmock-expect'];

export interface CreateAjvOptions {
  /** Keep each validator's source so `ajv/dist/standalone` can write it out (build step only). */
  source?: boolean;
}

export function createAjv({ source = false }: CreateAjvOptions = {}): Ajv2020 {
  // Skipping ajv's code optimiser makes start-up compilation much faster; the validators it emits
  // give the same results, a little slower per call.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, code: { optimize: false, source } });
  addFormats(ajv);
  ajv.addVocabulary([...OPENAPI_ANNOTATIONS, ...PIXMOCK_ANNOTATIONS]);
  return ajv;
}
