import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { SERVE_OPTIONS, serveOption, serveOptionValue } from './serve-options.js';

it('gives every option a flag and a variable of its own, and every number a range', () => {
  expect(SERVE_OPTIONS.map((option) => option.pointer)).toEqual([
    '/host', '/ports/aibabe', '/ports/chatfire', '/ports/dify', '/latency', '/timeScale', '/seed', '/replayIds', '/mocks', '/adminToken', '/graceMs',
    '/cors/enabled', '/cors/origins', '/cors/adminOrigins',
    '/redis/url', '/redis/prefix',
    '/limits/bodyBytes', '/limits/uploadBytes', '/limits/journalEntries', '/limits/stateEntries', '/limits/stateBytes', '/limits/requestTimeoutMs', '/limits/sendTimeoutMs',
  ]);
  expect(new Set(SERVE_OPTIONS.map((option) => option.flag)).size).toBe(SERVE_OPTIONS.length);
  expect(new Set(SERVE_OPTIONS.map((option) => option.env)).size).toBe(SERVE_OPTIONS.length);
  for (const option of SERVE_OPTIONS) {
    expect(option.flag).toMatch(/^--[a-z-]+$/);
    expect(option.env).toMatch(/^PIXMOCK_[A-Z_]+$/);
    if (option.type === 'boolean') expect(option.expected).toBe('true or false');
    else if (option.type !== 'string') expect(option.expected).toMatch(/^a (whole )?number from \d+(\.\d+)? to \d+$/);
  }
});

it('is documented in the README: every flag, variable and range', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  for (const option of SERVE_OPTIONS) {
    expect(readme).toContain(option.flag);
    expect(readme).toContain(`\`${option.env}\``);
    for (const bound of option.expected.match(/\d+(\.\d+)?/g) ?? []) {
      expect([bound, Number(bound).toLocaleString('en-US')].some((written) => readme.includes(written)), `${option.pointer}: ${bound}`).toBe(true);
    }
  }
});

it('keeps flag text that is no number as text, for the schema to refuse', () => {
  expect(serveOptionValue(serveOption('/timeScale'), '1e3')).toBe(1000);
  expect(serveOptionValue(serveOption('/timeScale'), 'fast')).toBe('fast');
  expect(serveOptionValue(serveOption('/timeScale'), ' ')).toBe(' ');
  expect(serveOptionValue(serveOption('/host'), '10')).toBe('10');
});
