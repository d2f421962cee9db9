/**
 * Parsing YAML with the `yaml` package is the slowest part of `pixmock serve`'s start-up (the
 * openapi.yaml files above all). `npm run build` therefore writes dist/yaml-cache.json:
 * for every contracts/**\/*.yaml and mocks/**\/*.yaml file shipped with pixmock, the SHA-256 of its text
 * and its parsed value as JSON. {@link parseYamlCached} answers from that file when the text's hash
 * is in it (same bytes → same value) and parses the text otherwise, so edited or user-supplied
 * files behave exactly as before (and only they load the `yaml` package). The cache also records
 * the `yaml` version it was built with; another version ignores it.
 *
 * @example
 * const document = parseYamlCached(await readFile('contracts/aibabe/openapi.yaml', 'utf8'));
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` writes the cache (beside dist/index.js). */
export const DEFAULT_YAML_CACHE_FILE = fileURLToPath(new URL('../yaml-cache.json', import.meta.url));

export interface YamlCacheFile {
  /** Version of the `yaml` package that parsed the entries. */
  yamlVersion: string;
  /** SHA-256 (hex) of a file's UTF-8 text → JSON text of its parsed value. */
  entries: Record<string, string>;
}

export function yamlTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const require = createRequire(import.meta.url);

export function installedYamlVersion(): string {
  return (require('yaml/package.json') as { version: string }).version;
}

/** The `yaml` package's parser, loaded only when a text is not in the cache (a large share of a cold start). */
function parseYaml(text: string): unknown {
  return (require('yaml') as typeof import('yaml')).parse(text);
}

/** A parser backed by one cache file; a missing, unreadable or stale file just means every text is parsed. */
export function createYamlCache(cacheFile: string): (text: string) => unknown {
  let entries: Record<string, string> | undefined;
  const load = (): Record<string, string> => {
    try {
      const file = JSON.parse(readFileSync(cacheFile, 'utf8')) as YamlCacheFile;
      return file.yamlVersion === installedYamlVersion() && file.entries ? file.entries : {};
    } catch {
      return {};
    }
  };
  return (text) => {
    entries ??= load();
    const cached = entries[yamlTextHash(text)];
    // A fresh JSON.parse per call: callers get their own objects, as with parseYaml.
    return cached === undefined ? parseYaml(text) : JSON.parse(cached);
  };
}

/** `parse` from the `yaml` package, answered from dist/yaml-cache.json for the files pixmock ships. */
export const parseYamlCached: (text: string) => unknown = createYamlCache(DEFAULT_YAML_CACHE_FILE);
