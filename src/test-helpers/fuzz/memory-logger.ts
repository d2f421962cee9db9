/** A pino logger that writes into memory, so a test can read what the server logged. */
import { Writable } from 'node:stream';
import { pino } from 'pino';

/** Every line, and (sorted as they come, for checks after every case) the lines at level error or above. */
export function memoryLogger(level = 'debug') {
  const lines: string[] = [];
  const errorLines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString();
      lines.push(line);
      if ((JSON.parse(line) as { level: number }).level >= 50) errorLines.push(line);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines, errorLines };
}
