/**
 * The two kinds of `$ref` an openapi.yaml holds: document-local ones (`#/components/responses/…`)
 * are followed in place; ones naming a file in `schemas/` become that schema's `$id`, so
 * validators are looked up by `$id` whichever file refers to them.
 */
import { ContractLoadError } from './contract-load-error.js';

/** Follows a document-local `$ref` (`#/components/responses/…`), as OpenAPI allows for responses and bodies. */
export function deref(document: Record<string, unknown>, value: unknown, depth = 0): unknown {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 8) return value;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token.replaceAll('~1', '/').replaceAll('~0', '~')], document);
  return deref(document, target, depth + 1);
}

/** Turns `./schemas/<file>#<fragment>` into `<$id of file>#<fragment>`; a name that is no file in schemas/ throws. */
export function createSchemaRefResolver(documentPath: string, fileToId: ReadonlyMap<string, string>): (ref: unknown) => string | undefined {
  return (ref) => {
    if (typeof ref !== 'string') return undefined;
    const [file = '', fragment] = ref.split('#');
    const schemaId = fileToId.get(file.slice(file.lastIndexOf('/') + 1));
    if (!schemaId) throw new ContractLoadError(documentPath, `$ref ${ref} does not name a file in schemas/`);
    return fragment ? `${schemaId}#${fragment}` : schemaId;
  };
}
