/**
 * An upstream's errors as data (`x-pixmock-errors` in its openapi.yaml), rendered through one
 * constructor, as Prism does with `fromTemplate`. `{name}` placeholders in any string of the body
 * are filled from the values given.
 */
export interface ErrorEntry {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  description?: string;
}

export interface RenderedError {
  id: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface ErrorCatalogue {
  has(id: string): boolean;
  ids(): string[];
  entry(id: string): ErrorEntry;
  render(id: string, values?: Record<string, string | number>): RenderedError;
}

export function createErrorCatalogue(upstream: string, entries: Record<string, ErrorEntry>): ErrorCatalogue {
  // A Map: ids come from scenarios and handlers, and `constructor` must not be an entry.
  const byId = new Map(Object.entries(entries));
  const entry = (id: string) => {
    const found = byId.get(id);
    if (!found) throw new Error(`Failed to render error: ${upstream} has no catalogue entry "${id}". Add it to x-pixmock-errors in contracts/${upstream}/openapi.yaml.`);
    return found;
  };
  return {
    has: (id) => byId.has(id),
    ids: () => [...byId.keys()],
    entry,
    render(id, values = {}) {
      const { status, body, headers = {} } = entry(id);
      return { id, status, body: fill(body, values), headers: fill(headers, values) as Record<string, string> };
    },
  };
}

function fill(value: unknown, values: Record<string, string | number>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : placeholder));
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
  }
  return value;
}
