/**
 * The import rules from the README's "How it fits together", enforced: who may import whom, and
 * no import cycles among the production files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
/** Imports that load a module with the importer: not `import type`, not `import()`. */
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]/g;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

interface SourceFile {
  file: string;
  isTest: boolean;
  imports: string[];
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    if (!name.endsWith('.ts')) return [];
    const text = readFileSync(full, 'utf8');
    const imports = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
    return [{ file: path.relative(SRC, full), isTest: /\.test\.ts$/.test(name) || full.includes('test-helpers'), imports }];
  });
}

/** Resolves a relative import to a path under src/, leaves packages as they are. */
function target(from: string, specifier: string): string {
  return specifier.startsWith('.') ? path.join(path.dirname(from), specifier) : specifier;
}

const FILES = sourceFiles(SRC);
const PRODUCTION = FILES.filter((f) => !f.isTest);
const violations = (files: SourceFile[], forbidden: (importTarget: string, file: SourceFile, specifier: string) => boolean) =>
  files.flatMap((f) => f.imports.filter((i) => forbidden(target(f.file, i), f, i)).map((i) => `${f.file} imports ${i}`));

describe('import rules', () => {
  it.each(['sim', 'imaging', 'contracts', 'auth'])('src/%s imports neither express nor supertest', (folder) => {
    const files = FILES.filter((f) => f.file.startsWith(`${folder}/`));
    expect(files.length).toBeGreaterThan(0);
    expect(violations(files, (t) => /^(express|supertest)(\/|$)/.test(t))).toEqual([]);
  });

  it('uses supertest only in tests and the in-process transport', () => {
    const allowed = (f: SourceFile) => f.file.startsWith('suite/transport/');
    expect(violations(PRODUCTION.filter((f) => !allowed(f)), (t) => /^supertest(\/|$)/.test(t))).toEqual([]);
  });

  it('never lets one upstream import another', () => {
    const upstreamOf = (p: string) => /^upstreams\/([^/]+)\//.exec(p)?.[1];
    expect(
      violations(FILES.filter((f) => upstreamOf(f.file)), (t, f) => {
        const other = upstreamOf(t.endsWith('.js') ? t : `${t}/`);
        return other !== undefined && other !== upstreamOf(f.file);
      }),
    ).toEqual([]);
  });

  it('lets the CLI reach the library only through its public API: src/index.ts and the modules it re-exports', () => {
    const index = FILES.find((f) => f.file === 'index.ts');
    const publicModules = new Set(['index.js', ...(index?.imports ?? []).map((specifier) => target('index.ts', specifier))]);
    const cli = PRODUCTION.filter((f) => f.file.startsWith('cli/'));
    expect(cli.length).toBeGreaterThan(0);
    expect(violations(cli, (t, _f, specifier) => specifier.startsWith('.') && !t.startsWith('cli/') && !publicModules.has(t))).toEqual([]);
  });

  it('keeps the shell (src/server) and the plugin API (src/core) free of concrete upstreams and of the composition root', () => {
    const files = PRODUCTION.filter((f) => f.file.startsWith('server/') || f.file.startsWith('core/'));
    expect(files.length).toBeGreaterThan(0);
    expect(violations(files, (t) => t.startsWith('upstreams/') || t.startsWith('app/') || t.startsWith('suite/') || t.startsWith('cli/'))).toEqual([]);
  });

  it('lets an upstream import only the plugin API and the shared pieces', () => {
    const allowed = ['core/', 'sim/', 'imaging/', 'auth/', 'contracts/', 'mocks/'];
    const upstreams = PRODUCTION.filter((f) => f.file.startsWith('upstreams/') && f.file !== 'upstreams/index.ts');
    expect(upstreams.length).toBeGreaterThan(0);
    expect(
      violations(upstreams, (t, f, specifier) => specifier.startsWith('.') && !t.startsWith(path.dirname(f.file).split('/').slice(0, 2).join('/')) && !allowed.some((folder) => t.startsWith(folder))),
    ).toEqual([]);
    expect(violations(upstreams, (t) => /^(express|multer|supertest)(\/|$)/.test(t))).toEqual([]);
  });

  it('keeps the contract suite away from the shell and the upstreams', () => {
    const suite = PRODUCTION.filter((f) => f.file.startsWith('suite/'));
    expect(suite.length).toBeGreaterThan(0);
    expect(violations(suite, (t) => t.startsWith('server/') || t.startsWith('upstreams/') || t.startsWith('app/'))).toEqual([]);
  });

  it('lets the validating proxy (src/proxy) judge with the suite and the contracts, never with an upstream, the shell or a composition root', () => {
    const files = PRODUCTION.filter((f) => f.file.startsWith('proxy/'));
    expect(files.length).toBeGreaterThan(0);
    expect(violations(files, (t) => ['upstreams/', 'server/', 'app/', 'msw/', 'cli/', 'mocks/'].some((folder) => t.startsWith(folder)))).toEqual([]);
  });

  it('keeps msw and src/msw out of every other folder, so `pixmock serve` and the main entry never load msw', () => {
    const outside = PRODUCTION.filter((f) => !f.file.startsWith('msw/'));
    expect(violations(outside, (t) => /^msw(\/|$)/.test(t))).toEqual([]);
  });

  it('lets src/msw, a composition root like src/app, reach the upstreams only through their registry', () => {
    const files = PRODUCTION.filter((f) => f.file.startsWith('msw/'));
    expect(files.length).toBeGreaterThan(0);
    expect(violations(files, (t) => t.startsWith('upstreams/') && t !== 'upstreams/index.js')).toEqual([]);
  });

  it('keeps vitest out of production code but usePixmock, which reaches the library only through its public API', () => {
    // A globalSetup file runs outside Vitest's workers, where importing vitest throws: pixmock/vitest/global-setup must not load it.
    const usesVitest = (f: SourceFile) => f.file === 'vitest/use-pixmock.ts' || f.file === 'vitest/index.ts';
    expect(violations(PRODUCTION.filter((f) => !usesVitest(f)), (t, _f, specifier) => /^vitest(\/|$)/.test(specifier) || t === 'vitest/use-pixmock.js' || t === 'vitest/index.js')).toEqual([]);
    const files = PRODUCTION.filter((f) => f.file.startsWith('vitest/'));
    expect(files.length).toBeGreaterThan(0);
    expect(violations(files, (t, _f, specifier) => specifier.startsWith('.') && !t.startsWith('vitest/') && t !== 'index.js')).toEqual([]);
  });

  it('keeps the Redis client out of a server without Redis: only src/redis loads it, and the rest reaches src/redis/index.ts through import()', () => {
    expect(violations(PRODUCTION.filter((f) => !f.file.startsWith('redis/')), (_t, _f, specifier) => /^(redis|@redis\/)/.test(specifier))).toEqual([]);
    const staticImports = (f: SourceFile) => [...readFileSync(path.join(SRC, f.file), 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1] ?? '');
    const outside = PRODUCTION.filter((f) => !f.file.startsWith('redis/'));
    const reached = outside.flatMap((f) => staticImports(f).filter((i) => target(f.file, i).startsWith('redis/') && target(f.file, i) !== 'redis/redis-options.js').map((i) => `${f.file} imports ${i}`));
    expect(reached).toEqual([]);
  });

  it('has no import cycle among the production files', () => {
    const graph = new Map(PRODUCTION.map((f) => [f.file, f.imports.filter((i) => i.startsWith('.')).map((i) => target(f.file, i).replace(/\.js$/, '.ts'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
