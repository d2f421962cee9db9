import { expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time-equal.js';

it.each([
  ['equal strings', 'abc123', 'abc123', true],
  ['equal non-ASCII strings', '你好', '你好', true],
  ['two empty strings', '', '', true],
  ['a different last character', 'abc123', 'abc124', false],
  ['a shorter value', 'abc12', 'abc123', false],
  ['a longer value', 'abc1234', 'abc123', false],
  ['a different case', 'ABC123', 'abc123', false],
  ['the same UTF-16 length but different UTF-8 bytes', 'é', 'e', false],
])('compares %s', (_case, actual, expected, equal) => {
  expect(constantTimeEqual(actual, expected)).toBe(equal);
});
