/** A reporter that keeps the run's result and writes it to a file, serialised, when the run ends. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SuiteEvent, SuiteReporter, SuiteResult } from '../types.js';

export function createFileReporter(file: string, serialize: (result: SuiteResult) => string): SuiteReporter {
  let pending: SuiteResult | undefined;
  return {
    onEvent(event: SuiteEvent) {
      if (event.type === 'run-end') pending = event.result;
    },
    async close() {
      if (!pending) return;
      await mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await writeFile(file, serialize(pending), 'utf8');
    },
  };
}
