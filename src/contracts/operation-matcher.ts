/**
 * Finds the documented operation for a method and a concrete path, by the operations' OpenAPI path
 * templates (`{name}` matches one path segment).
 */
import type { OperationContract } from './operation-table.js';

export interface OperationMatcher {
  /** The operation documented for this method and path, with its path parameters decoded (a broken `%` escape throws URIError). */
  findOperation(method: string, urlPath: string): { operation: OperationContract; params: Record<string, string> } | undefined;
  /** The methods documented for this path (empty when no operation has it). */
  methodsAt(urlPath: string): string[];
}

const NO_PARAMS: Record<string, string> = Object.freeze({});

export function createOperationMatcher(operations: Iterable<OperationContract>): OperationMatcher {
  const matchers = [...operations].map((operation) => ({ operation, ...compilePathTemplate(operation.path) }));
  // A path without `{name}` is found by one lookup, as routers do for static routes; templates are tried in order after it.
  const exact = new Map(matchers.filter(({ names }) => names.length === 0).map(({ operation }) => [`${operation.method} ${operation.path}`, { operation, params: NO_PARAMS }]));
  const templated = matchers.filter(({ names }) => names.length > 0);
  return {
    findOperation(method, urlPath) {
      const upper = method.toUpperCase();
      const found = exact.get(`${upper} ${urlPath}`);
      if (found) return found;
      for (const { operation, pattern, names } of templated) {
        if (operation.method !== upper) continue;
        const match = pattern.exec(urlPath);
        if (match) return { operation, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')])) };
      }
      return undefined;
    },
    methodsAt(urlPath) {
      return matchers.filter(({ pattern }) => pattern.test(urlPath)).map(({ operation }) => operation.method);
    },
  };
}

function compilePathTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}
