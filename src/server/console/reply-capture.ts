/**
 * What the console shows of an answer, recorded only while it watches the journal: the JSON body
 * (data URLs shortened, signed URLs masked), each PNG put on the image shelf with its size and the
 * placeholder's embedded text, and a stream's events at their simulated times. A stream reply is
 * wrapped so its events are noted as they are written.
 */
import { maskSecretQueryValues } from '../../auth/secret-names.js';
import { concatBytes, type Reply, type ReplyStream } from '../../core/index.js';
import { PNG_DATA_URL_PREFIX, readPlaceholderInfo, readPngSize } from '../../imaging/png-text.js';
import type { ResponseRecord } from '../../sim/request-journal.js';
import { previewBody, REDACTED } from '../request-recorder.js';
import type { ImageShelf } from './image-shelf.js';


/** The reply to write (a stream's, wrapped) and the record it fills as it goes out. */
export function captureReply(reply: Reply, shelf: ImageShelf, now: () => number): { reply: Reply; record: ResponseRecord } {
  const record: ResponseRecord = {};
  switch (reply.kind) {
    case 'json':
      record.contentType = 'application/json';
      record.body = preview(reply.body, record, shelf);
      return { reply, record };
    case 'bytes': {
      record.contentType = contentTypeOf(reply.headers);
      if (record.contentType?.startsWith('image/png')) shelve(concatBytes(reply.body), record, shelf);
      else if (record.contentType?.includes('json')) record.body = preview(parseJson(new TextDecoder().decode(concatBytes(reply.body))), record, shelf);
      return { reply, record };
    }
    case 'stream': {
      record.contentType = contentTypeOf(reply.headers);
      record.events = [];
      const events = record.events;
      return { reply: { ...reply, write: (stream) => reply.write(noting(stream, events, now)) }, record };
    }
    default:
      return { reply, record };
  }
}

/** The stream, with each `event:` line written noted at the clock's time (data-only events by their JSON `event` field). */
function noting(stream: ReplyStream, events: { at: number; event: string }[], now: () => number): ReplyStream {
  return {
    write(chunk) {
      for (const block of chunk.split('\n\n')) {
        const named = /^event: ?(.+)$/m.exec(block)?.[1];
        const data = /^data: ?(.+)$/m.exec(block)?.[1];
        const event = named ?? (data ? String((parseJson(data) as { event?: unknown } | undefined)?.event ?? 'message') : undefined);
        if (event) events.push({ at: now(), event });
      }
      stream.write(chunk);
    },
    get backedUp() {
      return stream.backedUp;
    },
    get closed() {
      return stream.closed;
    },
    signal: stream.signal,
  };
}

/** The JSON body as the journal previews a request's, with data URLs shelved and shortened and signed URLs masked. */
function preview(body: unknown, record: ResponseRecord, shelf: ImageShelf): unknown {
  return previewBody(body, (_key, value) => {
    if (typeof value !== 'string') return value;
    if (value.startsWith(PNG_DATA_URL_PREFIX)) {
      shelve(Buffer.from(value.slice(PNG_DATA_URL_PREFIX.length), 'base64'), record, shelf);
      return `${PNG_DATA_URL_PREFIX}… (${value.length} chars)`;
    }
    return maskSecretQueryValues(value, REDACTED);
  });
}

function shelve(png: Uint8Array, record: ResponseRecord, shelf: ImageShelf): void {
  const size = readPngSize(png);
  if (!size) return;
  const info = readPlaceholderInfo(png);
  (record.images ??= []).push({ id: shelf.put(png), ...size, text: info ? { ...info } : undefined });
}

function contentTypeOf(headers: Readonly<Record<string, string>>): string | undefined {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
  return name === undefined ? undefined : headers[name];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
