import { describe, expect, it } from 'vitest';
import { isBreakAnywhere, normalizeText, truncateLines, wrapText } from './text-layout.js';

// Every character is 1 unit wide, except CJK (2 units), like a monospace terminal.
const advance = (character: string) => (isBreakAnywhere(character) ? 2 : 1);

describe('wrapText', () => {
  it('breaks Latin text at spaces and drops the space at the break', () => {
    expect(wrapText('the quick brown fox', 10, advance).map((l) => l.text)).toEqual(['the quick', 'brown fox']);
  });

  it('breaks CJK text between any two characters', () => {
    expect(wrapText('一个穿着红色连衣裙', 8, advance).map((l) => l.text)).toEqual(['一个穿着', '红色连衣', '裙']);
  });

  it('never starts a line with closing punctuation', () => {
    const lines = wrapText('一二三四，五六', 8, advance).map((l) => l.text);
    expect(lines).toEqual(['一二三', '四，五六']);
    expect(lines.every((line) => !line.startsWith('，'))).toBe(true);
  });

  it('never ends a line with opening punctuation', () => {
    expect(wrapText('一二三《四五》', 8, advance).map((l) => l.text)).toEqual(['一二三', '《四五》']);
  });

  it('breaks a word longer than the line between characters', () => {
    const lines = wrapText('see https://example.com/long', 10, advance);
    expect(lines.map((l) => l.text)).toEqual(['see https:', '//example.', 'com/long']);
    expect(lines.every((l) => l.width <= 10)).toBe(true);
  });

  it('starts a new line at each newline and skips blank lines', () => {
    expect(wrapText('one\n\ntwo', 80, advance).map((l) => l.text)).toEqual(['one', 'two']);
  });

  it('reports widths without trailing spaces', () => {
    expect(wrapText('ab cd', 3, advance)).toEqual([
      { text: 'ab', width: 2 },
      { text: 'cd', width: 2 },
    ]);
  });

  it.each([
    ['mixed', '3D魔童哪吒 c4d 搬砖 很开心, 很快乐, 精神抖擞'],
    ['long english', 'A cozy cabin in a snowy forest at dusk, warm light glowing from the windows'],
  ])('keeps every line of %s text within the width', (_name, text) => {
    const lines = wrapText(text, 12, advance);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.width <= 12)).toBe(true);
    expect(lines.map((l) => l.text).join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });
});

describe('truncateLines', () => {
  it('keeps short texts untouched', () => {
    const lines = wrapText('one two', 80, advance);
    expect(truncateLines(lines, 3, 80, advance)).toBe(lines);
  });

  it('ends the last kept line with an ellipsis that still fits', () => {
    const lines = wrapText('aaaa bbbb cccc dddd', 9, advance);
    const kept = truncateLines(lines, 1, 9, advance);
    expect(kept).toEqual([{ text: 'aaaa bbb…', width: 9 }]);
  });
});

describe('normalizeText', () => {
  it('turns CRLF into LF, tabs into spaces and drops control characters', () => {
    expect(normalizeText('  a\tb\r\nc\u0007d\u200b  ')).toBe('a b\ncd');
  });
});
