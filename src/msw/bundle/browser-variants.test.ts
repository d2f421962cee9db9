import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const VARIANTS = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.browser.ts'));

it('finds the browser variants the bundle puts in place of node modules', () => {
  expect(VARIANTS.map((file) => path.basename(file)).sort()).toEqual(['placeholder-font.browser.ts', 'query-string.browser.ts', 'rasterise-svg.browser.ts']);
});

it.each(VARIANTS)('%s exports what the node module beside it exports', async (variant) => {
  const [browser, node] = await Promise.all([import(path.join(SRC, variant)), import(path.join(SRC, variant.replace(/\.browser\.ts$/, '.ts')))]);
  expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
});
