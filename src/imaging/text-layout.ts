/**
 * Line wrapping for placeholder prompts: Latin words break at spaces, CJK characters break anywhere,
 * closing punctuation never starts a line and opening punctuation never ends one (simple kinsoku).
 * Widths are in whatever unit `advance` returns (the renderer uses font units).
 */

/** Characters that must not begin a line. */
const NO_LINE_START = new Set([...'，。、；：！？）］｝〕〉》」』】〗”’…‥·・ー～,.;:!?)]}%']);
/** Characters that must not end a line. */
const NO_LINE_END = new Set([...'（［｛〔〈《「『【〖“‘([{']);
const ELLIPSIS = '…';

export type Advance = (character: string) => number;

export interface TextLine {
  text: string;
  /** Width without trailing spaces. */
  width: number;
}

interface Token {
  text: string;
  width: number;
  space: boolean;
}

/** Collapses the prompt into printable text: CRLF → LF, tabs → spaces, other control characters dropped. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\ufeff]/g, '')
    .trim();
}

/** True for characters that may be broken before and after without a space (CJK, kana, hangul, emoji). */
export function isBreakAnywhere(character: string): boolean {
  const cp = character.codePointAt(0) ?? 0;
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    cp >= 0x1f000
  );
}

function isKinsoku(character: string): boolean {
  return NO_LINE_START.has(character) || NO_LINE_END.has(character);
}

function tokenize(paragraph: string, advance: Advance): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let wordWidth = 0;
  const endWord = () => {
    if (word !== '') tokens.push({ text: word, width: wordWidth, space: false });
    word = '';
    wordWidth = 0;
  };
  for (const character of paragraph) {
    if (character === ' ' || character === '\u3000' || character === '\u00a0') {
      endWord();
      tokens.push({ text: character, width: advance(character), space: true });
    } else if (isBreakAnywhere(character) || (character > '\u007f' && isKinsoku(character))) {
      endWord();
      tokens.push({ text: character, width: advance(character), space: false });
    } else {
      word += character;
      wordWidth += advance(character);
    }
  }
  endWord();
  return tokens;
}

function splitToken(token: Token, advance: Advance): Token[] {
  return [...token.text].map((character) => ({ text: character, width: advance(character), space: false }));
}

function toLine(tokens: Token[]): TextLine {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.space) end -= 1;
  let text = '';
  let width = 0;
  for (let i = 0; i < end; i += 1) {
    text += tokens[i]!.text;
    width += tokens[i]!.width;
  }
  return { text, width };
}

function contentWidth(tokens: Token[]): number {
  return toLine(tokens).width;
}

function wrapParagraph(paragraph: string, maxWidth: number, advance: Advance): TextLine[] {
  const pending = tokenize(paragraph, advance);
  const lines: TextLine[] = [];
  let current: Token[] = [];
  let width = 0; // including trailing spaces

  for (let i = 0; i < pending.length; i += 1) {
    const token = pending[i]!;
    if (token.space) {
      if (current.length > 0) {
        current.push(token);
        width += token.width;
      }
      continue;
    }
    if (width + token.width <= maxWidth) {
      current.push(token);
      width += token.width;
      continue;
    }
    if (token.width > maxWidth && token.text.length > 1) {
      // A word longer than a whole line (a URL, a long number): break it between characters.
      pending.splice(i, 1, ...splitToken(token, advance));
      i -= 1;
      continue;
    }
    if (current.length === 0) {
      // A single character wider than the line: it gets a line of its own.
      lines.push(toLine([token]));
      continue;
    }
    // Break before `token`, keeping punctuation attached to its neighbour.
    const carried: Token[] = [];
    while (current.length > 0 && current[current.length - 1]!.space) current.pop();
    const last = current[current.length - 1];
    if (last !== undefined && current.length > 1 && (NO_LINE_START.has(token.text) || NO_LINE_END.has(last.text))) {
      carried.push(current.pop()!);
    }
    lines.push(toLine(current));
    current = [...carried, token];
    width = contentWidth(current);
  }
  if (current.length > 0) lines.push(toLine(current));
  return lines;
}

/** Wraps `text` (already {@link normalizeText normalized}) into lines no wider than `maxWidth`. */
export function wrapText(text: string, maxWidth: number, advance: Advance): TextLine[] {
  const lines: TextLine[] = [];
  for (const paragraph of text.split('\n')) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    lines.push(...wrapParagraph(trimmed, maxWidth, advance));
  }
  return lines;
}

/** Keeps the first `maxLines` lines; if any were dropped, the last kept line ends with "…" and still fits. */
export function truncateLines(lines: TextLine[], maxLines: number, maxWidth: number, advance: Advance): TextLine[] {
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept[kept.length - 1]!;
  const characters = [...last.text];
  const ellipsisWidth = advance(ELLIPSIS);
  let width = last.width;
  while (characters.length > 0 && width + ellipsisWidth > maxWidth) {
    width -= advance(characters.pop()!);
  }
  while (characters.length > 0 && characters[characters.length - 1] === ' ') {
    width -= advance(characters.pop()!);
  }
  kept[kept.length - 1] = { text: characters.join('') + ELLIPSIS, width: width + ellipsisWidth };
  return kept;
}
