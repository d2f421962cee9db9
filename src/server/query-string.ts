/**
 * Query strings parsed the way express's `extended` parser does (`a[b]=1` → `{a: {b: '1'}}`), by qs.
 * qs and its dependencies are loaded on the first query string rather than at start-up, where they
 * are a noticeable part of `pixmock serve`'s time to ready (bench/README.md, benchmark 4).
 */
import { createRequire } from 'node:module';
import type { parse } from 'qs';

const require = createRequire(import.meta.url);
let parseWithQs: typeof parse | undefined;

export function parseQuery(text: string): Record<string, unknown> {
  parseWithQs ??= (require('qs') as { parse: typeof parse }).parse;
  return parseWithQs(text, { allowPrototypes: true }) as Record<string, unknown>;
}
