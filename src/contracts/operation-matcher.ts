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

export function createOperationMatcher(operations: Iterable<OperationContract>): OperationMatcher {
  const matchers = [...operations].map((operation) => ({ operation, ...compilePathTemplate(operation.path) }));
  return {
    findOperation(method, urlPath) {
      for (const { operation, pattern, names } of matchers) {
        if (operation.method !== method.toUpperCase()) continue;
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
