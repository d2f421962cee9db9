/**
 * Finds which catalogue entry (`x-pixmock-errors`) an error response is. A catalogue body is a
 * pattern: `{placeholders}` in strings match anything, every other leaf must be equal, and fields
 * the catalogue leaves out (aibabe's traceId) are ignored.
 */
import type { ErrorCatalogue } from '../contracts/index.js';
import { escapePointer } from '../contracts/index.js';
import { isObject } from './schema-walk.js';

const STATUS_WEIGHT = 4;
const LITERAL_WEIGHT = 3;

export interface CatalogueMatch {
  id: string;
  status: number;
}

export interface NearestEntry {
  id: string;
  status: number;
  /** First leaf that differs: pointer, received, documented. */
  mismatch?: { pointer: string; received: unknown; documented: unknown };
}

export function matchCatalogue(catalogue: ErrorCatalogue, status: number, body: unknown): CatalogueMatch | undefined {
  for (const id of catalogue.ids()) {
    const entry = catalogue.entry(id);
    if (entry.status === status && firstMismatch(entry.body, body, '') === undefined) return { id, status };
  }
  return undefined;
}

/** Every entry the response matches (a body can fit a specific entry and a generic template). */
export function matchingIds(catalogue: ErrorCatalogue, status: number, body: unknown): string[] {
  return catalogue.ids().filter((id) => matchesEntry(catalogue, id, status, body));
}

/** The response is this entry: its status, and every literal leaf of its body. */
export function matchesEntry(catalogue: ErrorCatalogue, id: string, status: number, body: unknown): boolean {
  if (!catalogue.has(id)) return false;
  const entry = catalogue.entry(id);
  return entry.status === status && firstMismatch(entry.body, body, '') === undefined;
}

/**
 * The entry most like `body` (or the entry `only`): a literal leaf in common weighs more than a
 * `{placeholder}` template that matches anything, and the same status weighs most.
 */
export function nearestEntry(catalogue: ErrorCatalogue, status: number, body: unknown, only?: string): NearestEntry | undefined {
  let best: { id: string; score: number } | undefined;
  for (const id of only ? [only] : catalogue.ids()) {
    const entry = catalogue.entry(id);
    let score = entry.status === status ? STATUS_WEIGHT : 0;
    for (const pointer of leafPointers(entry.body, '')) {
      const pattern = valueAtPointer(entry.body, pointer);
      if (firstMismatch(pattern, valueAtPointer(body, pointer), pointer) !== undefined) continue;
      score += typeof pattern === 'string' && /\{\w+\}/.test(pattern) ? (/[A-Za-z]/.test(pattern.replace(/\{\w+\}/g, '')) ? 2 : 1) : LITERAL_WEIGHT;
    }
    if (!best || score > best.score) best = { id, score };
  }
  if (!best) return undefined;
  const entry = catalogue.entry(best.id);
  return { id: best.id, status: entry.status, mismatch: firstMismatch(entry.body, body, '') };
}

function firstMismatch(pattern: unknown, value: unknown, pointer: string): NearestEntry['mismatch'] {
  if (isObject(pattern)) {
    if (!isObject(value)) return { pointer, received: value, documented: pattern };
    for (const [key, item] of Object.entries(pattern)) {
      const found = firstMismatch(item, value[key], `${pointer}/${escapePointer(key)}`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof pattern === 'string' && /\{\w+\}/.test(pattern)) {
    const regex = new RegExp(`^${pattern.split(/\{\w+\}/).map(escapeRegExp).join('[\\s\\S]*')}$`);
    return typeof value === 'string' && regex.test(value) ? undefined : { pointer, received: value, documented: pattern };
  }
  return JSON.stringify(pattern) === JSON.stringify(value) ? undefined : { pointer, received: value, documented: pattern };
}

function leafPointers(value: unknown, pointer: string): string[] {
  if (!isObject(value)) return [pointer];
  return Object.entries(value).flatMap(([key, item]) => leafPointers(item, `${pointer}/${escapePointer(key)}`));
}

function valueAtPointer(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer.split('/').slice(1)) {
    if (!isObject(current)) return undefined;
    current = current[token.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return current;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
