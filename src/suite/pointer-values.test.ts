import { expect, it } from 'vitest';
import { valuesAt } from './pointer-values.js';

const BODY = { images: [{ expires_at: 1 }, { expires_at: 2 }], data: { 'a/b': 3 }, empty: [] };

it.each([
  ['/images/*/expires_at', [{ pointer: '/images/0/expires_at', value: 1 }, { pointer: '/images/1/expires_at', value: 2 }]],
  ['/images/1/expires_at', [{ pointer: '/images/1/expires_at', value: 2 }]],
  ['/data/a~1b', [{ pointer: '/data/a~1b', value: 3 }]],
  ['/empty/*/x', []],
  ['/missing/x', [{ pointer: '/missing/x', value: undefined }]],
])('expands %s over every array item', (pattern, expected) => {
  expect(valuesAt(BODY, pattern)).toEqual(expected);
});
