/**
 * Real Chromium for browser tests (src/test-helpers/chromium.ts), and a screenshot of each page
 * under test under test-output/ when a test fails.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, type TestContext } from 'vitest';

export { CHROMIUM_PATH, launchChromium, serveFolder } from './chromium.js';

const SCREENSHOTS = path.resolve('test-output', 'screenshots');

/** After each failed test, a screenshot of `page()` in test-output/screenshots, named after the test. */
export function screenshotOnFailure(page: () => Page | undefined): void {
  afterEach(async (context: TestContext) => {
    const current = page();
    if (context.task.result?.state !== 'fail' || !current) return;
    await mkdir(SCREENSHOTS, { recursive: true });
    await current.screenshot({ path: path.join(SCREENSHOTS, `${context.task.name.replace(/[^\w-]+/g, '-').slice(0, 120)}.png`), fullPage: true });
  });
}
