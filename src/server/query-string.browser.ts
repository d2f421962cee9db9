/** query-string.ts in the browser bundle, where nothing is loaded lazily by `require`: qs is bundled. */
import { parse } from 'qs';

export function parseQuery(text: string): Record<string, unknown> {
  return parse(text, { allowPrototypes: true }) as Record<string, unknown>;
}
