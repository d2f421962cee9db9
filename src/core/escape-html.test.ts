import { expect, it } from 'vitest';
import { escapeHtml } from './escape-html.js';

it.each([
  ['127.0.0.1:4030', '127.0.0.1:4030'],
  ['"><script>alert(1)</script>', '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'],
  ["a'b&c", 'a&#39;b&amp;c'],
])('escapes %s as %s', (text, escaped) => {
  expect(escapeHtml(text)).toBe(escaped);
});
