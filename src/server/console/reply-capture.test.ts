import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bytes, eventStream, json, type ReplyStream, type StreamReply } from '../../core/index.js';
import { createImageShelf } from './image-shelf.js';
import { captureReply } from './reply-capture.js';

const GOLDEN = new URL('../../../fixtures/imaging/golden-384x512.png', import.meta.url);

describe('what the console records of an answer', () => {
  it('shortens a data URL in a JSON body, shelves its PNG with size and placeholder text, and masks signed URLs', async () => {
    const png = await readFile(GOLDEN);
    const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
    const shelf = createImageShelf();
    const { record } = captureReply(json({ data: { base64Image: dataUrl, url: '/files/tools/a.png?timestamp=1&nonce=2&sign=secret' } }), shelf, () => 0);
    expect(record.body).toEqual({ data: { base64Image: `data:image/png;base64,… (${dataUrl.length} chars)`, url: '/files/tools/a.png?timestamp=1&nonce=2&sign=[redacted]' } });
    expect(record.images).toEqual([{ id: expect.any(String), width: 384, height: 512, text: expect.objectContaining({ width: 384, height: 512 }) }]);
    expect(Buffer.from(shelf.get(record.images![0]!.id)!)).toEqual(png);
  });

  it('shelves a PNG answered as bytes', async () => {
    const png = await readFile(GOLDEN);
    const { record } = captureReply(bytes(png, 'image/png'), createImageShelf(), () => 0);
    expect(record).toMatchObject({ contentType: 'image/png', images: [{ width: 384, height: 512 }] });
  });

  it('notes each event of a stream at the clock time it is written, and writes it on unchanged', async () => {
    let now = 1000;
    const reply = eventStream({ 'Content-Type': 'text/event-stream' }, async (stream) => {
      stream.write('data: {"event": "workflow_started"}\n\n');
      now = 2500;
      stream.write('event: ping\n\n');
      stream.write('data: {"event": "node_started"}\n\ndata: {"event": "workflow_finished"}\n\n');
    });
    const { reply: wrapped, record } = captureReply(reply, createImageShelf(), () => now);
    const written: string[] = [];
    const stream: ReplyStream = { write: (chunk) => void written.push(chunk), backedUp: false, closed: false, signal: new AbortController().signal };
    await (wrapped as StreamReply).write(stream);
    expect(record.events).toEqual([
      { at: 1000, event: 'workflow_started' },
      { at: 2500, event: 'ping' },
      { at: 2500, event: 'node_started' },
      { at: 2500, event: 'workflow_finished' },
    ]);
    expect(written.join('')).toContain('workflow_finished');
  });
});
