/**
 * Writes recordings under `<dir>/<upstream>/<operationId>/` as `<n>-<status>.json`, and a body
 * kept as bytes as `<n>-<status>.<ext>` beside it. `n` is the next number free in that folder, so a
 * second run adds to the first instead of overwriting it; writes go one at a time, so two
 * exchanges finishing together never take the same number. A failed write rejects; the proxy
 * reports it and goes on.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Recording } from './capture-exchange.js';

const NUMBER_WIDTH = 4;

export interface RecordingWriter {
  /** Resolves to the path of the recording's JSON file once it and its body file are written. */
  write(recording: Recording): Promise<string>;
}

export function createRecordingWriter(dir: string): RecordingWriter {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    write(recording) {
      const written = queue.then(() => writeRecording(dir, recording));
      queue = written.catch(() => undefined);
      return written;
    },
  };
}

async function writeRecording(dir: string, recording: Recording): Promise<string> {
  const folder = path.join(dir, recording.upstream, recording.folder);
  await mkdir(folder, { recursive: true });
  const stem = `${String(await nextNumber(folder)).padStart(NUMBER_WIDTH, '0')}-${recording.status}`;
  let { document } = recording;
  const { attachment } = recording;
  if (attachment && document.response.body.kind === 'file') {
    const file = `${stem}.${attachment.extension}`;
    await writeFile(path.join(folder, file), attachment.bytes, { flag: 'wx' });
    document = { ...document, response: { ...document.response, body: { ...document.response.body, file } } };
  }
  const jsonPath = path.join(folder, `${stem}.json`);
  await writeFile(jsonPath, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx' });
  return jsonPath;
}

async function nextNumber(folder: string): Promise<number> {
  const taken = (await readdir(folder)).map((name) => /^(\d+)-/.exec(name)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return taken.length > 0 ? Math.max(...taken) + 1 : 1;
}
