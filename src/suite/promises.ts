/**
 * What the upstream docs promise beyond shapes (fixtures/suite/promises.json), read once: final
 * states, outputs that must be present, timestamp units, follow-up agreement, headers, state across
 * calls and the distinctive values echoed back. Each rule carries the doc line it comes from, and
 * the checks quote it in their findings.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_FIXTURES_DIR, withoutComments } from './fixture-files.js';

export interface CompletionRule {
  /** Where the state is, e.g. `/status`. */
  pointer: string;
  final: string[];
  /** `last`: the last state observed while polling must be final; `every`: every answer must be. */
  judge: 'last' | 'every';
  /** Where the resource's id is, e.g. `/task_id`. */
  resource: string;
  /** Operations that read the same resource while it runs. */
  polledBy?: string[];
  responseMode?: string;
  source: string;
}

export interface OutputsRule {
  when: { pointer: string; equals: unknown };
  nonEmpty: string[];
  /** Event names of the operation's stream the rule also holds for. */
  events?: string[];
  source: string;
}

export interface TimestampRule {
  seconds?: string[];
  after?: [string, string][];
  notBefore?: [string, string][];
  elapsed?: { pointer: string; from: string; to: string };
  /** The rule also holds for each event of the operation's stream. */
  events?: boolean;
  source: string;
}

export interface AgreementRule {
  /** The operation whose answer the follow-up must agree with. */
  of: string;
  /** When `of` streams: the event carrying the values. */
  event?: string;
  /** [pointer in the answer of `of`, pointer in the follow-up]. */
  fields: [string, string][];
  source: string;
}

export interface HeaderRule {
  upstream: string;
  operationId: string;
  status: number;
  mediaType?: string;
  header: string;
  rule: 'content-length' | 'equals' | 'max-age-until';
  value?: string;
  severity?: 'error' | 'warning';
  source: string;
}

export interface ProbeRule {
  upstream: string;
  /** The check that judges the probe's answer. */
  check: string;
  expect?: 'accepted';
  errorIds?: string[];
  /** How long the thing lives, in milliseconds. */
  ttlMs?: number;
  /** Fields the probe's body sets, and fields it leaves out. */
  request?: Record<string, unknown>;
  omit?: string[];
  promise: string;
  source: string;
}

export interface EchoRule {
  /** JSON pointer → the distinctive value sent there. */
  values: Record<string, unknown>;
  source: string;
}

type PerOperation<T> = Record<string, Record<string, T>>;

export interface SuitePromises {
  completion: PerOperation<CompletionRule>;
  outputs: PerOperation<OutputsRule>;
  timestamps: PerOperation<TimestampRule>;
  agreement: PerOperation<AgreementRule>;
  headers: { rules: HeaderRule[]; catalogueSource: string };
  state: { maxRealWaitMs: number; otherKeys: Record<string, string>; probes: Record<string, ProbeRule> };
  echo: PerOperation<EchoRule>;
}

export async function loadPromises(fixturesDir = DEFAULT_FIXTURES_DIR): Promise<SuitePromises> {
  const raw = withoutComments(JSON.parse(await readFile(path.join(fixturesDir, 'suite', 'promises.json'), 'utf8'))) as Record<string, unknown>;
  const echo: PerOperation<EchoRule> = {};
  for (const [upstream, operations] of Object.entries((raw.echo ?? {}) as PerOperation<Record<string, unknown>>)) {
    echo[upstream] = Object.fromEntries(Object.entries(operations).map(([operationId, { source, ...values }]) => [operationId, { values, source: String(source) }]));
  }
  return { ...(raw as unknown as SuitePromises), echo };
}
