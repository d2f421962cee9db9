/**
 * The import rules from the README's "How it fits together", enforced: who may import whom.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
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

  it('lets the CLI reach the library only through src/index.ts', () => {
    const cli = PRODUCTION.filter((f) => f.file.startsWith('cli/'));
    expect(cli.length).toBeGreaterThan(0);
    expect(violations(cli, (t, _f, specifier) => specifier.startsWith('.') && !t.startsWith('cli/') && t !== 'index.js')).toEqual([]);
  });
});
