/** The documented time promises of the real upstreams (fixtures/suite/latency-bounds.json), read once. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_FIXTURES_DIR, withoutComments } from './fixture-files.js';

export interface LatencyBound {
  /** Hard floor in milliseconds; an answer sooner than this is a failure (realistic targets only). */
  minMs?: number;
  /** Usual range in milliseconds; outside it is a warning. */
  typicalMs?: [number, number];
  /** Hard bound in milliseconds; beyond it is a failure. */
  maxMs?: number;
  /** Only for requests with this response mode (Dify `blocking`). */
  responseMode?: string;
  source: string;
  /** Budget for the asynchronous work the operation starts (a chatfire task) to reach its final state. */
  completion?: { maxMs: number; source: string };
  /** Budgets of the operation's event stream: most time without a byte, most time until its closing event. */
  stream?: { idleMs: number; totalMs: number; source: string };
}

export type LatencyBounds = Record<string, Record<string, LatencyBound>>;

export async function loadLatencyBounds(fixturesDir = DEFAULT_FIXTURES_DIR): Promise<LatencyBounds> {
  const raw = JSON.parse(await readFile(path.join(fixturesDir, 'suite', 'latency-bounds.json'), 'utf8')) as unknown;
  return withoutComments(raw) as LatencyBounds;
}
