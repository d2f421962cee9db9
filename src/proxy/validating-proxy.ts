/**
 * A validating proxy: clients talk to it as to an upstream; it forwards each request unchanged
 * (method, path, query, headers but the hop-by-hop ones, body bytes as they arrive, so aibabe's
 * signatures stay valid) and streams each response back as it arrives, while the contract
 * suite's checks judge the exchange beside it. A violation never alters what the client gets; it
 * is reported in `x-pixmock-violations` (when the status alone shows it), in the journal, to
 * `onExchange`, and in `result()` for the JSON and JUnit reporters. With `record`, each exchange is
 * also written, redacted, to readable files once it has passed (recording-writer.ts).
 *
 * @example
 * const proxy = await createValidatingProxy({ upstream: 'dify', target: 'https://api.dify.ai' });
 * const { url, close } = await proxy.listen({ port: 4020 });
 */
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadContracts, type ContractRegistry } from '../contracts/index.js';
import { createOperationMatcher } from '../contracts/operation-matcher.js';
import { ADMIN_PREFIX, DEFAULT_LIMITS } from '../core/index.js';
import { loadErrorExpectations } from '../suite/error-expectations.js';
import { flowFor } from '../suite/flows/index.js';
import { loadLatencyBounds } from '../suite/latency-bounds.js';
import { loadPromises } from '../suite/promises.js';
import type { SuiteResult, TargetInfo } from '../suite/types.js';
import { captureExchange, type ExchangeCapture } from './capture-exchange.js';
import { backwardHeaders, forwardHeaders } from './forward-headers.js';
import type { JudgeContext } from './judge-exchange.js';
import { createProxyJournal, type ProxyJournal, type ProxyJournalEntry } from './proxy-journal.js';
import { proxyResult } from './proxy-result.js';
import { observeExchange, type ObservedExchange } from './observe-exchange.js';
import { createRecordingWriter } from './recording-writer.js';
import { worstCaseMs } from './worst-case-ms.js';

/**
 * A copy of a body is kept for judging up to this size; beyond it only the status and headers are
 * judged, so however large an image is, the proxy holds at most this much of it.
 */
const DEFAULT_JUDGED_BODY_BYTES = 16 * 1024 * 1024;

export interface ValidatingProxyOptions {
  /** The upstream whose contract judges the traffic: `aibabe`, `chatfire` or `dify`. */
  upstream: string;
  /** The real upstream's base URL; a path in it is put before every request's path. */
  target: string;
  contracts?: ContractRegistry;
  fixturesDir?: string;
  /** Values masked wherever the proxy writes, besides the credential headers and query parameters it masks by name. */
  secrets?: string[];
  /** Bodies larger than this are passed on but not judged. */
  judgedBodyBytes?: number;
  /** Exchanges kept in the journal. */
  journalEntries?: number;
  /** Called with each exchange once it is judged (the CLI prints its violations). */
  onExchange?: (entry: ProxyJournalEntry) => void;
  /** A folder to record each exchange in, redacted, once it has passed (see docs/proxy.md for the format). */
  record?: string;
  /** Called when a recording could not be written; the exchange's journal notes say so too. The client's response is never affected. */
  onRecordError?: (error: Error, entry: ProxyJournalEntry) => void;
}

export interface ValidatingProxy {
  /** A node:http request listener: forwards, streams back, judges. */
  readonly handle: RequestListener;
  readonly journal: ProxyJournal;
  /** Milliseconds the proxy waits on the upstream before giving up: the upstream's documented worst case. */
  readonly upstreamTimeoutMs: number;
  /** Every exchange judged so far, as a contract-suite result (one case per exchange). */
  result(): SuiteResult;
  /** Resolves once every exchange in flight has been judged. */
  settled(): Promise<void>;
  /** Listens on `host` (default 127.0.0.1) and `port` (default: any free port). */
  listen(options?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
}

export async function createValidatingProxy(options: ValidatingProxyOptions): Promise<ValidatingProxy> {
  const target = parseTarget(options.target);
  const contracts = options.contracts ?? (await loadContracts());
  const upstream = contracts.upstream(options.upstream);
  const [latencyBounds, promises, errorExpectations] = await Promise.all([loadLatencyBounds(options.fixturesDir), loadPromises(options.fixturesDir), loadErrorExpectations(options.fixturesDir)]);
  const info: TargetInfo = { upstream: options.upstream, transport: `proxy to ${target.origin}${target.basePath}`, live: true, timeScale: 1, latencyProfile: 'realistic' };
  const judge: JudgeContext = { contracts, target: info, latencyBounds, promises, errorExpectations };
  const matcher = createOperationMatcher(upstream.operations.values());
  const journal = createProxyJournal({ maxEntries: options.journalEntries ?? DEFAULT_LIMITS.journalEntries });
  const upstreamTimeoutMs = worstCaseMs(latencyBounds, options.upstream);
  const judged: ObservedExchange[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const judgedBodyBytes = options.judgedBodyBytes ?? DEFAULT_JUDGED_BODY_BYTES;
  const recorder = options.record === undefined ? undefined : createRecordingWriter(options.record);
  let sequence = 0;

  const handle = function proxyRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.url?.startsWith(`${ADMIN_PREFIX}/`)) return answerAdmin(req, res, journal);
    sequence += 1;
    const observation = observeExchange({
      sequence, req, upstream: options.upstream, matcher, judge, secrets: options.secrets ?? [], judgedBodyBytes,
      stream: flowFor(options.upstream).createStreamValidator, upstreamTimeoutMs,
    });
    journal.add(observation.entry);
    const capture: ExchangeCapture | undefined = recorder && captureExchange({ upstream: options.upstream, redact: observation.redact, maxBodyBytes: judgedBodyBytes });
    if (capture) req.on('data', (chunk: Buffer) => capture.request(chunk));
    const upstreamRequest = (target.protocol === 'https:' ? https : http).request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: `${target.basePath}${req.url ?? '/'}`,
      headers: forwardHeaders(req.headers, target.host),
    });
    upstreamRequest.setTimeout(upstreamTimeoutMs, () => upstreamRequest.destroy(new Error(`no byte from the upstream for ${upstreamTimeoutMs} ms, its documented worst case`)));
    let clientGone = false;
    let responded = false;
    // A client that goes away takes its upstream request with it.
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstreamRequest.destroy();
    });
    req.pipe(upstreamRequest);

    const done = new Promise<void>((resolve) => {
      upstreamRequest.on('error', (error) => {
        if (clientGone) return resolve(observation.end('aborted'));
        // The upstream went away mid-body: the client sees the same.
        if (responded) {
          res.destroy();
          return resolve(observation.end('cut'));
        }
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `pixmock proxy: Failed to reach the upstream at ${target.origin}: ${error.message}.` }));
        resolve(observation.failed(error.message));
      });
      upstreamRequest.on('response', (upstreamResponse) => {
        responded = true;
        void (async () => {
          capture?.head(upstreamResponse);
          const violations = await observation.head(upstreamResponse);
          const headers = backwardHeaders(upstreamResponse.headers);
          if (violations) headers['x-pixmock-violations'] = violations;
          res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage, headers);
          upstreamResponse.on('data', (chunk: Buffer) => {
            observation.chunk(chunk);
            capture?.chunk(chunk);
            if (!res.write(chunk)) {
              upstreamResponse.pause();
              res.once('drain', () => upstreamResponse.resume());
            }
          });
          upstreamResponse.on('end', () => {
            res.end();
            resolve(observation.end('complete'));
          });
          upstreamResponse.on('error', () => {
            res.destroy();
            resolve(observation.end(clientGone ? 'aborted' : 'cut'));
          });
          res.on('close', () => {
            if (clientGone) resolve(observation.end('aborted'));
          });
        })();
      });
    }).then(async () => {
      // The client's response has ended by now: recording it delays nothing the client waits for.
      if (capture && recorder) {
        try {
          const recording = capture.finish(observation.entry);
          if (recording) await recorder.write(recording);
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          observation.entry.notes.push(observation.redact(`the exchange was not recorded: ${failure.message}`));
          options.onRecordError?.(failure, observation.entry);
        }
      }
      judged.push(observation.exchange());
      options.onExchange?.(observation.entry);
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  return {
    handle,
    journal,
    upstreamTimeoutMs,
    result: () => proxyResult(info, judged, Date.now() - started),
    async settled() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    listen: ({ port = 0, host = '127.0.0.1' } = {}) => new Promise((resolve, reject) => {
      const server = http.createServer(handle);
      server.once('error', reject);
      server.listen(port, host, () => {
        const { port: bound } = server.address() as AddressInfo;
        resolve({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
          close: () => new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
        });
      });
    }),
  };
}

function parseTarget(base: string) {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`Failed to start the proxy: --target ${JSON.stringify(base)} is not a URL. Give the upstream's base URL, e.g. https://api.dify.ai.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Failed to start the proxy: --target must be an http or https URL, got ${url.protocol}.`);
  return { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, host: url.host, origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

function answerAdmin(req: IncomingMessage, res: ServerResponse, journal: ProxyJournal): void {
  const url = new URL(req.url ?? '/', 'http://proxy');
  if (req.method === 'GET' && url.pathname === `${ADMIN_PREFIX}/requests`) {
    const limit = Number(url.searchParams.get('limit') ?? Number.NaN);
    const operationId = url.searchParams.get('operationId') ?? undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests: journal.list({ ...(Number.isInteger(limit) && limit > 0 ? { limit } : {}), ...(operationId ? { operationId } : {}) }) }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: `pixmock proxy: ${req.method} ${url.pathname} is not an admin route. The proxy answers GET ${ADMIN_PREFIX}/requests.` }));
}
