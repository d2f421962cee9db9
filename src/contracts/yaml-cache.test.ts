import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createYamlCache, installedYamlVersion, yamlTextHash, type YamlCacheFile } from './yaml-cache.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEXT = 'name: real\nlist: [1, 2]\n';

async function writeCache(file: YamlCacheFile): Promise<string> {
  const cacheFile = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-yaml-cache-')), 'yaml-cache.json');
  await writeFile(cacheFile, JSON.stringify(file));
  return cacheFile;
}

async function shippedYamlFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ['contracts', 'mocks']) {
    for (const name of await readdir(path.join(ROOT, dir), { recursive: true })) {
      if (/\.ya?ml$/.test(name)) files.push(path.join(ROOT, dir, name));
    }
  }
  return files;
}

describe('createYamlCache', () => {
  it('answers from the cache file when the hash of the text is in it', async () => {
    // The cached value differs from what the text parses to, which proves the answer came from the cache.
    const cacheFile = await writeCache({ yamlVersion: installedYamlVersion(), entries: { [yamlTextHash(TEXT)]: '{"name":"cached"}' } });
    expect(createYamlCache(cacheFile)(TEXT)).toEqual({ name: 'cached' });
  });

  it('parses a text whose hash is not in the cache', async () => {
    const cacheFile = await writeCache({ yamlVersion: installedYamlVersion(), entries: { [yamlTextHash('other: 1\n')]: '{"other":1}' } });
    expect(createYamlCache(cacheFile)(TEXT)).toEqual({ name: 'real', list: [1, 2] });
  });

  it('ignores a cache written by another version of the yaml package', async () => {
    const cacheFile = await writeCache({ yamlVersion: '0.0.0-other', entries: { [yamlTextHash(TEXT)]: '{"name":"cached"}' } });
    expect(createYamlCache(cacheFile)(TEXT)).toEqual({ name: 'real', list: [1, 2] });
  });

  it.each([
    ['a missing cache file', 'does-not-exist.json', null],
    ['a cache file that is not JSON', 'broken.json', 'not json{'],
  ])('parses every text when given %s', async (_label, name, content) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-yaml-cache-'));
    if (content !== null) await writeFile(path.join(dir, name), content);
    expect(createYamlCache(path.join(dir, name))(TEXT)).toEqual({ name: 'real', list: [1, 2] });
  });

  it('still throws the parse error for invalid YAML that is not cached', async () => {
    const parse = createYamlCache(path.join(tmpdir(), 'pixmock-no-such-cache.json'));
    expect(() => parse('a: [unclosed\n')).toThrow();
  });

  it('returns a fresh object on every call for a cached text', async () => {
    const cacheFile = await writeCache({ yamlVersion: installedYamlVersion(), entries: { [yamlTextHash(TEXT)]: '{"list":[1]}' } });
    const parse = createYamlCache(cacheFile);
    const first = parse(TEXT) as { list: number[] };
    first.list.push(2);
    expect(parse(TEXT)).toEqual({ list: [1] });
  });
});

describe('scripts/build-yaml-cache.mjs', () => {
  it('caches every shipped contracts and mocks YAML file with exactly the value the yaml package parses', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-yaml-cache-')), 'yaml-cache.json');
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build-yaml-cache.mjs'), out]);
    const cache = JSON.parse(await readFile(out, 'utf8')) as YamlCacheFile;
    const parse = createYamlCache(out);
    const files = await shippedYamlFiles();
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(cache.entries[yamlTextHash(text)], path.relative(ROOT, file)).toBeDefined();
      expect(parse(text), path.relative(ROOT, file)).toEqual(parseYaml(text));
    }
  });
});
