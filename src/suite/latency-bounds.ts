/** The documented latency of the real upstreams (fixtures/suite/latency-bounds.json), read once. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_FIXTURES_DIR } from './generate-cases.js';

export interface LatencyBound {
  /** Usual range in milliseconds; outside it is a warning. */
  typicalMs?: [number, number];
  /** Hard bound in milliseconds; beyond it is a failure. */
  maxMs: number;
  /** Only for requests with this response mode (Dify `blocking`). */
  responseMode?: string;
  source: string;
}

export type LatencyBounds = Record<string, Record<string, LatencyBound>>;

export async function loadLatencyBounds(fixturesDir = DEFAULT_FIXTURES_DIR): Promise<LatencyBounds> {
  const raw = JSON.parse(await readFile(path.join(fixturesDir, 'suite', 'latency-bounds.json'), 'utf8')) as Record<string, unknown>;
  const { $comment: _comment, ...bounds } = raw;
  return bounds as LatencyBounds;
}
