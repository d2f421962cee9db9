import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { placeholderLabel, renderPlaceholder } from './render-placeholder.js';
import type { PlaceholderSpec } from './placeholder-spec.js';
import { readPlaceholderInfo, readPngSize } from './png-text.js';

// Regenerate after an intended visual change: PIXMOCK_UPDATE_GOLDEN=1 npx vitest run src/imaging/golden.test.ts
const SPEC_FILE = fileURLToPath(new URL('../../fixtures/imaging/golden-spec.json', import.meta.url));
const GOLDEN_FILE = fileURLToPath(new URL('../../fixtures/imaging/golden-384x512.png', import.meta.url));
/** Mean absolute difference per channel (0–255) tolerated, so an antialiasing change in a sharp upgrade passes. */
const MAX_MEAN_DIFFERENCE = 1;

const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as PlaceholderSpec;

if (process.env.PIXMOCK_UPDATE_GOLDEN === '1') {
  writeFileSync(GOLDEN_FILE, await renderPlaceholder(spec));
}

it('reads the spec back from the committed golden image', () => {
  const golden = readFileSync(GOLDEN_FILE);
  expect(readPngSize(golden)).toEqual({ width: spec.width, height: spec.height });
  expect(readPlaceholderInfo(golden)).toEqual({ ...spec, label: placeholderLabel(spec) });
});

it('renders the golden spec to (nearly) the committed pixels', async () => {
  const [expected, actual] = await Promise.all([
    sharp(readFileSync(GOLDEN_FILE)).raw().toBuffer(),
    sharp(await renderPlaceholder(spec)).raw().toBuffer(),
  ]);
  expect(actual.length).toBe(expected.length);
  let total = 0;
  for (let i = 0; i < actual.length; i += 1) total += Math.abs(actual[i]! - expected[i]!);
  expect(total / actual.length).toBeLessThanOrEqual(MAX_MEAN_DIFFERENCE);
});
