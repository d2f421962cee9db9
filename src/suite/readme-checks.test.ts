import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { CASE_CHECKS, EXCHANGE_CHECKS } from './checks/index.js';

const README = new URL('../../README.md', import.meta.url);

it('lists every check in the README with the promise it guards and where it is documented', async () => {
  const text = await readFile(README, 'utf8');
  const section = text.slice(text.indexOf('## Contract checks and reporters'), text.indexOf('### Checking live traffic with Prism'));
  const rows = new Map([...section.matchAll(/^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|$/gm)].map((row) => [row[1], { promise: row[2]?.trim(), source: row[3]?.trim() }]));

  for (const check of [...Object.keys(EXCHANGE_CHECKS), ...Object.keys(CASE_CHECKS)]) {
    expect(rows.get(check)?.promise, check).toBeTruthy();
    expect(rows.get(check)?.source, check).toMatch(/seed \d{3}|upstreams\.md|contracts\/|fixtures\/suite|latency-bounds|error-expectations/);
  }
  const registered = new Set([...Object.keys(EXCHANGE_CHECKS), ...Object.keys(CASE_CHECKS)]);
  expect([...rows.keys()].filter((check) => check !== undefined && !registered.has(check))).toEqual([]);
});
