/**
 * The response headers a contract documents: under any response's `headers` (operations and
 * `components.responses`) and in the error catalogue's entries. CORS exposes these to web pages.
 */
const NOTHING: Readonly<Record<string, unknown>> = Object.freeze({});
const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function documentedResponseHeaders(document: Readonly<Record<string, unknown>>): string[] {
  const names = new Map<string, string>();
  const add = (headers: unknown) => {
    for (const name of Object.keys(asRecord(headers))) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  };
  const addResponses = (responses: unknown) => {
    for (const response of Object.values(asRecord(responses))) add(asRecord(response).headers);
  };
  for (const item of Object.values(asRecord(document.paths))) {
    for (const method of OPERATION_METHODS) addResponses(asRecord(asRecord(item)[method]).responses);
  }
  addResponses(asRecord(document.components).responses);
  for (const entry of Object.values(asRecord(document['x-pixmock-errors']))) add(asRecord(entry).headers);
  return [...names.values()];
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : NOTHING;
}
