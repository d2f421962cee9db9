import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const AUTH_DIR = fileURLToPath(new URL('.', import.meta.url));
const FORBIDDEN = /\bfrom\s+['"](express|supertest)(\/[^'"]*)?['"]|\bimport\(\s*['"](express|supertest)\b|\brequire\(\s*['"](express|supertest)\b/;

it('keeps src/auth free of express and supertest so the mocks and the suite client can share it', async () => {
  const files = (await readdir(AUTH_DIR)).filter((name) => name.endsWith('.ts') && name !== 'auth-imports.test.ts');
  expect(files).toContain('aibabe-signature.ts');
  const offenders: string[] = [];
  for (const name of files) {
    if (FORBIDDEN.test(await readFile(new URL(name, import.meta.url), 'utf8'))) offenders.push(name);
  }
  expect(offenders).toEqual([]);
});
