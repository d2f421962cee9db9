/**
 * Watches one exchange pass through the proxy, beside the bytes and never in their way: it finds
 * the operation, judges the status line before the headers go on, feeds an event stream to the
 * suite's incremental validator, keeps a bounded copy of any other body, and judges the rest once
 * the body has passed. Everything it keeps is redacted when it is made.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { OperationContract } from '../contracts/index.js';
import type { OperationMatcher } from '../contracts/operation-matcher.js';
import type { UpstreamFlow } from '../suite/flows/index.js';
import { createRedactor, redactFinding, redactHeaders, redactQuery, type Redactor } from '../suite/redact.js';
import type { StreamValidator } from '../suite/stream-validator.js';
import type { Exchange, Finding, SuiteCase, SuiteResponse } from '../suite/types.js';
import { isSecretHeader } from '../auth/index.js';
import { BODY_CHECKS, HEAD_CHECKS, judgeExchange, type JudgeContext, type Judgement } from './judge-exchange.js';
import type { ProxyJournalEntry } from './proxy-journal.js';

/** An event stream is judged however many events it has: the proxy never cuts a stream. */
const UNLIMITED_EVENTS = Number.POSITIVE_INFINITY;

export interface ObserveExchangeInput {
  sequence: number;
  req: IncomingMessage;
  upstream: string;
  matcher: OperationMatcher;
  judge: JudgeContext;
  secrets: readonly string[];
  judgedBodyBytes: number;
  stream: UpstreamFlow['createStreamValidator'];
  /** Stream budgets for an operation the latency bounds give none: the proxy's own timeout. */
  upstreamTimeoutMs: number;
}

/** A judged exchange, redacted, as the report shows it. */
export interface ObservedExchange {
  suiteCase: SuiteCase;
  exchange: Exchange;
  findings: Finding[];
  checksRun: number;
  notes: string[];
  durationMs: number;
}

export interface ExchangeObservation {
  readonly entry: ProxyJournalEntry;
  /** Masks this exchange's secrets: the configured ones and the credentials its request carried. */
  readonly redact: Redactor;
  /** Judges the status line and headers; returns the `x-pixmock-violations` value, if any. */
  head(response: IncomingMessage): Promise<string | undefined>;
  chunk(bytes: Buffer): void;
  /** The body has passed (`complete`), the upstream cut it (`cut`: judged as it is), or the client went away (`aborted`: not judged). Idempotent. */
  end(state: 'complete' | 'cut' | 'aborted'): Promise<void>;
  failed(reason: string): Promise<void>;
  exchange(): ObservedExchange;
}

export function observeExchange(input: ObserveExchangeInput): ExchangeObservation {
  const { sequence, req, upstream, matcher, judge, judgedBodyBytes } = input;
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://proxy');
  const method = (req.method ?? 'GET').toUpperCase();
  const redact = createRedactor([...input.secrets, ...secretHeaderValues(req.headers)]);
  const requestHeaders = redactHeaders(flatten(req.headers), redact);
  const path = redact(url.pathname);
  const query = redactQuery(Object.fromEntries(url.searchParams), redact);
  const operation = findOperation(matcher, method, url.pathname);
  const operationId = operation?.operationId ?? `${method} ${path}`;
  const suiteCase: SuiteCase = {
    id: `proxy.${upstream}.${operationId}.${sequence}`, upstream, operationId, kind: 'positive', source: 'proxied', cost: 'free', title: `${method} ${path}`, auth: { kind: 'valid' }, expect: { kind: 'conforms' },
  };
  const exchange: Exchange = { operationId, role: 'proxied', request: { method, path, ...(url.search ? { query } : {}), headers: requestHeaders, timeoutMs: 0 }, expect: { kind: 'conforms' }, notes: {} };
  const entry: ProxyJournalEntry = { sequence, at: Date.now(), method, path, query, ...(operation ? { operationId } : {}), headers: requestHeaders, state: 'open', violations: [], notes: [] };
  const findings: Finding[] = [];
  let checksRun = 0;
  let response: SuiteResponse | undefined;
  let validator: StreamValidator | undefined;
  let kept: Buffer[] | undefined;
  let keptBytes = 0;
  let ended: Promise<void> | undefined;

  const record = (judgement: Judgement) => {
    checksRun += judgement.checksRun;
    for (const note of judgement.notes) if (!entry.notes.includes(note)) entry.notes.push(note);
    for (const finding of judgement.findings.map((f) => redactFinding(f, redact))) {
      if (!findings.some((known) => known.message === finding.message && known.check === finding.check && known.pointer === finding.pointer)) findings.push(finding);
    }
    entry.violations = findings;
  };
  if (!operation) {
    findings.push({ check: 'documented_operation', caseId: suiteCase.id, operationId, severity: 'error', pointer: '', received: `${method} ${path}`, documented: `an operation of contracts/${upstream}/openapi.yaml`, message: `Received: ${method} ${path} / Documented: an operation of contracts/${upstream}/openapi.yaml` });
    entry.violations = findings;
  }

  return {
    entry,
    redact,
    async head(upstreamResponse) {
      const headers = flatten(upstreamResponse.headers);
      const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      response = { status: upstreamResponse.statusCode ?? 0, headers, ...(mediaType ? { mediaType } : {}), body: Buffer.alloc(0), elapsedMs: 0, firstByteMs: performance.now() - started, aborted: true };
      entry.status = response.status;
      if (!operation) return undefined;
      if (mediaType === 'text/event-stream' && input.stream) {
        validator = input.stream({
          contracts: judge.contracts,
          eventSchemaId: operation.responses[String(response.status)]?.['text/event-stream']?.eventSchemaId,
          budgets: { maxEvents: UNLIMITED_EVENTS, ...streamBudgets(judge, upstream, operation, input.upstreamTimeoutMs) },
          // A budget that runs out is a violation on the record; the client's stream goes on.
          abort: () => undefined,
        });
      } else if (!encoded(headers)) {
        kept = [];
      }
      const before = findings.length;
      record(await judgeExchange(HEAD_CHECKS, { ...exchange, response }, suiteCase, operation, judge));
      const early = findings.slice(before);
      return early.length > 0 ? asHeaderValue(early) : undefined;
    },
    chunk(bytes) {
      validator?.feed(bytes);
      if (!kept) return;
      keptBytes += bytes.length;
      if (keptBytes > judgedBodyBytes) kept = undefined;
      else kept.push(bytes);
    },
    end(state) {
      ended ??= (async () => {
        entry.state = state;
        entry.durationMs = Math.round(performance.now() - started);
        if (!response || !operation) return;
        const body = kept ? Buffer.concat(kept) : Buffer.alloc(0);
        kept = undefined;
        response = { ...response, body, elapsedMs: performance.now() - started, aborted: state !== 'complete' };
        if (response.mediaType && /^application\/(.+\+)?json$/.test(response.mediaType) && body.length > 0) {
          try {
            response.json = JSON.parse(body.toString('utf8'));
          } catch {
            // Not JSON: the content-type check says so.
          }
        }
        exchange.response = response;
        exchange.receivedAt = Date.now();
        if (validator) {
          exchange.notes.sse = validator.finish();
          exchange.notes.noLatency = true;
        }
        if (response.mediaType?.startsWith('image/')) exchange.notes.images = [{ pointer: '', encoding: 'body' }];
        const judgedBody = state !== 'aborted' && (validator !== undefined || (state === 'complete' && body.length === keptBytes && !encoded(response.headers)));
        if (!judgedBody) {
          record({ findings: [], checksRun: 0, notes: [bodyNotJudged(state, response.headers, judgedBodyBytes)] });
          return;
        }
        record(await judgeExchange(BODY_CHECKS, { ...exchange, response }, suiteCase, operation, judge));
      })();
      return ended;
    },
    failed(reason) {
      ended ??= (async () => {
        entry.state = 'failed';
        entry.error = redact(reason);
        exchange.error = entry.error;
        entry.durationMs = Math.round(performance.now() - started);
        findings.push({ check: 'transport', caseId: suiteCase.id, operationId, severity: 'error', pointer: '', received: entry.error, documented: 'a response', message: `Received: ${entry.error} / Documented: a response` });
        entry.violations = findings;
      })();
      return ended;
    },
    // What the report keeps of an exchange: no body (it is the client's, not the proxy's to store).
    exchange: () => ({ suiteCase, exchange: { ...exchange, ...(exchange.response ? { response: { ...exchange.response, body: Buffer.alloc(0), json: undefined } } : {}) }, findings, checksRun, notes: entry.notes, durationMs: entry.durationMs ?? 0 }),
  };
}

function findOperation(matcher: OperationMatcher, method: string, path: string): OperationContract | undefined {
  try {
    return matcher.findOperation(method, path)?.operation;
  } catch {
    // A broken %-escape matches no operation.
    return undefined;
  }
}

/** The stream budgets the suite holds the operation's streams to (fixtures/suite/latency-bounds.json). */
function streamBudgets({ latencyBounds }: JudgeContext, upstream: string, operation: OperationContract, fallbackMs: number): { idleMs: number; totalMs: number } {
  const budget = latencyBounds[upstream]?.[operation.operationId]?.stream;
  return budget ? { idleMs: budget.idleMs, totalMs: budget.totalMs } : { idleMs: fallbackMs, totalMs: fallbackMs };
}

function encoded(headers: Record<string, string>): boolean {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  return encoding !== undefined && encoding !== '' && encoding !== 'identity';
}

function bodyNotJudged(state: 'complete' | 'cut' | 'aborted', headers: Record<string, string>, limit: number): string {
  if (state === 'aborted') return 'the client went away before the body ended: only the status and headers were judged';
  if (state === 'cut') return 'the upstream cut the body before its end: only the status and headers were judged';
  if (encoded(headers)) return `a ${headers['content-encoding']}-encoded body is passed on but not decoded: only the status and headers were judged`;
  return `a body larger than ${limit} bytes is passed on but not kept: only the status and headers were judged`;
}

/** The violations found before the headers went on, as one header value: `check at pointer; …`, printable ASCII only. */
function asHeaderValue(findings: Finding[]): string {
  return findings.map((f) => `${f.check} at ${f.pointer || '(root)'}`).join('; ').replace(/[^\x20-\x7e]/g, '?');
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

/** The credential values this request carries (a key, a token after its scheme), masked in whatever the proxy writes about it. */
function secretHeaderValues(headers: IncomingHttpHeaders): string[] {
  return Object.entries(flatten(headers)).filter(([name]) => isSecretHeader(name)).flatMap(([, value]) => [value, value.replace(/^\w+\s+/, '')]);
}
