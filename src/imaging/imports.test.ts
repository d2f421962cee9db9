import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((name) => name.endsWith('.ts'));

it.each(sources)('%s imports neither express nor supertest', (name) => {
  const text = readFileSync(path.join(here, name), 'utf8');
  expect(text).not.toMatch(/from ['"](express|supertest)(\/[^'"]*)?['"]|require\(['"](express|supertest)/);
});
