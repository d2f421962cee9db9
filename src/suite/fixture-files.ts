/** Where the suite's data lives (fixtures/), and how its JSON files are read: `$comment` keys are documentation, not data. */
import { fileURLToPath } from 'node:url';
import { isObject } from './schema-walk.js';

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The value without its `$comment` keys, at every depth. */
export function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '$comment').map(([key, item]) => [key, withoutComments(item)]));
}
