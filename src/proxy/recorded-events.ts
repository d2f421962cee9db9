/**
 * Splits an event stream into its events as the chunks pass, each stamped with when it was
 * complete, in milliseconds from the response's start: the timing a replay re-creates. A chunk may
 * end mid-event; the rest waits for the next. Each event is redacted before it is parsed, so a
 * `sign=` inside a data line is masked wherever it lands.
 */
import type { Redactor } from '../suite/redact.js';

/** One event as recorded: `json` when its data parses as JSON (the readable, editable case), `data` when it does not. */
export interface RecordedEvent {
  atMs: number;
  event?: string;
  id?: string;
  retry?: number;
  json?: unknown;
  data?: string;
  comment?: string;
}

export interface EventCollector {
  feed(bytes: Buffer, atMs: number): void;
  /** The events so far, and any unterminated last one as if it had ended (a cut stream keeps what it sent). */
  finish(atMs: number): RecordedEvent[];
}

const EVENT_END = /\r\n\r\n|\n\n|\r\r/;

export function createEventCollector(redact: Redactor): EventCollector {
  const decoder = new TextDecoder();
  const events: RecordedEvent[] = [];
  let pending = '';

  const take = (atMs: number) => {
    for (let end = EVENT_END.exec(pending); end; end = EVENT_END.exec(pending)) {
      const block = pending.slice(0, end.index);
      pending = pending.slice(end.index + end[0].length);
      const event = parseEvent(redact(block), atMs);
      if (event) events.push(event);
    }
  };

  return {
    feed(bytes, atMs) {
      pending += decoder.decode(bytes, { stream: true });
      take(atMs);
    },
    finish(atMs) {
      pending += decoder.decode();
      take(atMs);
      const last = pending.trim() ? parseEvent(redact(pending), atMs) : undefined;
      pending = '';
      return last ? [...events, last] : events;
    },
  };
}

/** The fields of one event block (the SSE grammar: `name: value` lines, `:` comments, data lines joined by newlines). */
function parseEvent(block: string, atMs: number): RecordedEvent | undefined {
  const event: RecordedEvent = { atMs };
  const data: string[] = [];
  const comments: string[] = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === '') comments.push(value);
    else if (name === 'data') data.push(value);
    else if (name === 'event') event.event = value;
    else if (name === 'id') event.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
  }
  if (comments.length > 0) event.comment = comments.join('\n');
  if (data.length > 0) {
    const text = data.join('\n');
    try {
      event.json = JSON.parse(text);
    } catch {
      event.data = text;
    }
  }
  return Object.keys(event).length > 1 ? event : undefined;
}
