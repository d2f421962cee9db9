import { expect, it } from 'vitest';
import { createRedactor } from '../suite/redact.js';
import { createEventCollector } from './recorded-events.js';

const redact = createRedactor(['app-secret-key']);

it('stamps an event split across chunks with the time its last part arrived', () => {
  const events = createEventCollector(redact);
  events.feed(Buffer.from('data: {"event": "workflow_'), 3);
  events.feed(Buffer.from('started"}\n\nevent: ping\n\n'), 8);
  expect(events.finish(9)).toEqual([{ atMs: 8, json: { event: 'workflow_started' } }, { atMs: 8, event: 'ping' }]);
});

it('keeps a character split across chunks whole', () => {
  const events = createEventCollector(redact);
  const bytes = Buffer.from('data: {"text": "é"}\n\n');
  const split = bytes.indexOf(0xc3) + 1;
  events.feed(bytes.subarray(0, split), 1);
  events.feed(bytes.subarray(split), 2);
  expect(events.finish(3)).toEqual([{ atMs: 2, json: { text: 'é' } }]);
});

it('records CRLF events with their id, retry, comments and non-JSON data, and an unterminated last event as it stood', () => {
  const events = createEventCollector(redact);
  events.feed(Buffer.from(': keep-alive\r\nid: 7\r\nretry: 3000\r\ndata: line one\r\ndata: line two\r\n\r\ndata: {"cut": tr'), 5);
  expect(events.finish(12)).toEqual([
    { atMs: 5, comment: 'keep-alive', id: '7', retry: 3000, data: 'line one\nline two' },
    { atMs: 12, data: '{"cut": tr' },
  ]);
});

it('masks secrets and sign= values in an event before it is parsed', () => {
  const events = createEventCollector(redact);
  events.feed(Buffer.from('data: {"key": "app-secret-key", "url": "https://h/f.png?nonce=n&sign=abc123"}\n\n'), 0);
  expect(events.finish(0)).toEqual([{ atMs: 0, json: { key: '***', url: 'https://h/f.png?nonce=n&sign=***' } }]);
});
