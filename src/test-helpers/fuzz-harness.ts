/**
 * Test-only: the fuzz harness shared by the per-upstream `*.fuzz.test.ts` files. One upstream
 * server on a manual clock with `instant` latency, listening on 127.0.0.1:0 and reached over one
 * keep-alive socket (a new TCP connection per case would cost more than the case), a raw HTTP
 * client that can send any bytes, fast-check arbitraries for hostile requests, and the one check
 * every answer must pass: a status and body the contract documents for the operation (or the
 * upstream's generic route/body errors, or pixmock's 422 problem for a bad `Prefer`), never a
 * stack trace, never an unexpected-error log line. One class of input runs through every part of
 * a request: the names `Object.prototype` answers to ({@link PROTOTYPE_NAMES}) as path ids, query
 * and body keys, scenario and `Prefer` keys, header values and credentials.
 *
 * The seed is fixed and printed; `PIXMOCK_FUZZ_SEED=<n>` replays another run, and
 * `PIXMOCK_FUZZ_CASES=<n>` changes the number of cases per upstream.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { loadContracts, type ContractRegistry } from '../contracts/index.js';
import { createImageRenderer, type ImageRenderer } from '../imaging/index.js';
import type { MockConfig } from '../mocks/index.js';
import { createManualClock } from '../sim/clock.js';
import type { UpstreamId } from '../app/create-mock-servers.js';
import { createMockServer, type MockServer } from '../app/create-mock-servers.js';
import { listen, type ListeningServer } from '../server/listen.js';
import { sendPipelined, type PipelinedAnswer } from './pipelined-requests.js';
import { DEFAULT_LIMITS, type ServerLimits } from '../core/index.js';

export const FUZZ_SEED = Number(process.env.PIXMOCK_FUZZ_SEED ?? 20_260_107);
export const CASES_PER_UPSTREAM = Number(process.env.PIXMOCK_FUZZ_CASES ?? 10_000);
/** Small limits, so "over the limit" cases stay cheap and the limits are exercised. */
export const FUZZ_LIMITS: ServerLimits = { ...DEFAULT_LIMITS, bodyBytes: 64 * 1024, uploadBytes: 128 * 1024, journalEntries: 200, stateEntries: 300 };
const CASE_TIMEOUT_MS = 15_000;
const STACK_TRACE = /\n\s+at \S|\bat [^\s()]+ \([^)]*:\d+:\d+\)|node:internal|\.ts:\d+:\d+/;
/** Names `Object.prototype` answers to: a look-up by a client's name must never find them. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'] as const;
export const prototypeNameArb: fc.Arbitrary<string> = fc.constantFrom(...PROTOTYPE_NAMES);
/** Catalogue ids the shell answers on any path: unknown route, unreadable or oversized body, Dify's 405. */
const GENERIC_ERRORS = ['route_not_found', 'method_not_allowed', 'invalid_json', 'payload_too_large'];

let sharedContracts: Promise<ContractRegistry> | undefined;
let sharedRenderer: ImageRenderer | undefined;

export interface FuzzServer {
  id: UpstreamId;
  server: MockServer;
  listening: ListeningServer;
  contracts: ContractRegistry;
  /** Log lines at level error or above (an unexpected error is logged before the 500 goes out). */
  errorLogs: string[];
  /** Every log line, for the no-secret check. */
  allLogs: string[];
  send(request: RawRequest): Promise<RawAnswer>;
  close(): Promise<void>;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed when the answer is JSON, else undefined. */
  json: unknown;
}

export interface FuzzServerOptions {
  mocks?: MockConfig;
  limits?: Partial<ServerLimits>;
  adminToken?: string;
}

/** A pino logger into memory: every line, and (sorted as they come, for checks after every case) the lines at level error or above. */
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

export async function startFuzzServer(id: UpstreamId, options: FuzzServerOptions = {}): Promise<FuzzServer> {
  sharedContracts ??= loadContracts();
  sharedRenderer ??= createImageRenderer();
  const contracts = await sharedContracts;
  const { logger, lines, errorLines } = memoryLogger();
  const server = await createMockServer(id, {
    clock: createManualClock(),
    latency: 'instant',
    seed: 7,
    contracts,
    renderer: sharedRenderer,
    logger,
    mocks: options.mocks,
    limits: { ...FUZZ_LIMITS, ...options.limits },
    adminToken: options.adminToken,
  });
  const listening = await listen(server.app);
  // A fresh connection per case: a server that closes after answering an unread body must not fail the next case.
  const agent = new Agent({ keepAlive: false });
  return {
    id,
    server,
    listening,
    contracts,
    errorLogs: errorLines,
    allLogs: lines,
    send: (raw) => sendRaw(listening.port, agent, raw),
    async close() {
      agent.destroy();
      await listening.close(0);
    },
  };
}

export function sendRaw(port: number, agent: Agent | undefined, { method, path, headers, body }: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // Node's client sends a DELETE/OPTIONS body without a length unless told: say it explicitly.
    const sized = body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length') ? { ...headers, 'Content-Length': String(body.length) } : headers;
    const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers: sized, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const type = response.headers['content-type'] ?? '';
        let json: unknown;
        if (/json/.test(type)) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
      });
    });
    const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(body);
  });
}

/**
 * Why `answer` is not acceptable for a request aimed at `operationId`, or undefined when it is.
 * Acceptable: documented for the operation (status, media type, body schema); the upstream's
 * generic route/body error validating against its error schema; pixmock's problem+json 422 when
 * the request carried a `Prefer` header.
 */
export function judge(fuzz: FuzzServer, operationId: string | undefined, request: RawRequest, answer: RawAnswer): string | undefined {
  const { contracts, id } = fuzz;
  if (STACK_TRACE.test(answer.text)) return `stack trace in the body: ${answer.text.slice(0, 300)}`;
  const contentType = answer.headers['content-type'];
  if (contentType?.startsWith('application/problem+json')) {
    const hasPrefer = Object.keys(request.headers).some((name) => name.toLowerCase() === 'prefer');
    if (hasPrefer && answer.status === 422) return undefined;
    // pixmock's own admin API answers in problem+json.
    if (request.path.startsWith('/__pixmock') && answer.status >= 400 && answer.status < 500) return undefined;
    return `problem+json ${answer.status} without a Prefer header: ${answer.text}`;
  }
  // A gateway fault the request asked for by name answers the gateway's page on every operation,
  // documented or not (contracts document 502/504 only where the seeds saw them).
  const scenario = /scenario=([A-Za-z0-9_.-]+)/.exec(String(request.headers.Prefer ?? ''))?.[1];
  const fault = scenario ? fuzz.server.context.mocks.scenarios[scenario]?.fault : undefined;
  if (fault?.kind === 'gateway' && answer.status === fault.status && contentType?.startsWith('text/html')) return undefined;
  if (operationId) {
    const body = contentType?.includes('json') ? answer.json : answer.text;
    const result = contracts.validateResponse(id, operationId, { status: answer.status, contentType, body });
    if (result.valid) return undefined;
  }
  const catalogue = contracts.upstream(id).errors;
  const genericStatuses = GENERIC_ERRORS.filter((entry) => catalogue.has(entry)).map((entry) => catalogue.entry(entry).status);
  if (genericStatuses.includes(answer.status) && contentType?.startsWith('application/json')) {
    const generic = contracts.validate(contracts.upstream(id).errorSchemaId, answer.json);
    if (generic.valid) return undefined;
  }
  return `undocumented answer for ${operationId ?? 'an unknown route'}: ${answer.status} ${contentType ?? ''} ${answer.text.slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** A request body with its content headers. `parsed` is the JSON value the server will see, if any. */
export interface BodyCase {
  label: string;
  contentType?: string;
  contentEncoding?: string;
  body?: Buffer;
  parsed?: unknown;
  multipart?: boolean;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.pixmock+json', 'APPLICATION/JSON'];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'text/html; charset=utf-8',
  'application/xml',
  'multipart/form-data',
  'image/png',
  '*/*',
  ';;;',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=no-such-charset',
];

const jsonText = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');

export function bodyArb(validLike: fc.Arbitrary<unknown>, limits: ServerLimits = FUZZ_LIMITS): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.tuple(validLike, fc.constantFrom(...JSON_TYPES)).map(([value, contentType]): BodyCase => ({ label: 'json', contentType, body: jsonText(value), parsed: value })) },
    { weight: 12, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): BodyCase => ({ label: 'random json', contentType: 'application/json', body: jsonText(value), parsed: value })) },
    {
      weight: 4,
      arbitrary: fc.tuple(validLike, prototypeNameArb, fc.constantFrom<unknown>('x', 1, null, { polluted: true }, ['a'])).map(([value, key, item]): BodyCase => {
        // Spliced into the text: an object literal with a `__proto__` key would set the prototype instead.
        const text = JSON.stringify(value) ?? 'null';
        const member = `${JSON.stringify(key)}:${JSON.stringify(item)}`;
        const spliced = text.startsWith('{') ? `{${member}${text === '{}' ? '' : ','}${text.slice(1)}` : `{${member}}`;
        return { label: `json with key ${key}`, contentType: 'application/json', body: Buffer.from(spliced), parsed: JSON.parse(spliced) };
      }),
    },
    { weight: 10, arbitrary: fc.string({ maxLength: 64 }).map((text): BodyCase => ({ label: 'malformed', contentType: 'application/json', body: Buffer.from(text) })) },
    {
      weight: 8,
      arbitrary: fc.tuple(validLike, fc.nat()).map(([value, cut]): BodyCase => {
        const text = JSON.stringify(value) ?? '{}';
        return { label: 'truncated', contentType: 'application/json', body: Buffer.from(text.slice(0, cut % Math.max(1, text.length))) };
      }),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.integer({ min: 300, max: 30_000 }), fc.boolean()).map(([depth, objects]): BodyCase => ({
        label: `nested ${depth}`,
        contentType: 'application/json',
        body: Buffer.from(objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`),
      })),
    },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.constantFrom('prompt', 'text', 'user', 'agentId', 'model')).map(([bytes, field]): BodyCase => ({
        label: 'invalid utf-8',
        contentType: 'application/json',
        body: Buffer.concat([Buffer.from(`{"${field}":"`), Buffer.from([0xff, 0xfe, 0xc0, ...bytes, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      })),
    },
    {
      weight: 10,
      arbitrary: fc.tuple(validLike, fc.constantFrom(...OTHER_TYPES)).map(([value, contentType]): BodyCase => ({ label: `as ${contentType}`, contentType, body: jsonText(value) })),
    },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 1, max: 8 * 1024 }).map((extra): BodyCase => ({
        label: 'over bodyBytes',
        contentType: 'application/json',
        body: Buffer.from(`{"prompt":"${'x'.repeat(limits.bodyBytes + extra)}"}`),
      })),
    },
    { weight: 6, arbitrary: fc.constantFrom<BodyCase>({ label: 'no body' }, { label: 'empty json', contentType: 'application/json', body: Buffer.alloc(0) }) },
    { weight: 10, arbitrary: multipartArb(limits) },
    {
      weight: 2,
      arbitrary: fc.tuple(validLike, fc.constantFrom('gzip', 'deflate', 'br', 'bogus', 'identity')).map(([value, encoding]): BodyCase => ({
        label: `encoding ${encoding}`,
        contentType: 'application/json',
        contentEncoding: encoding,
        // Plain bytes labelled as compressed: zlib must fail cleanly.
        body: jsonText(value),
      })),
    },
    {
      weight: 1,
      arbitrary: validLike.map((value): BodyCase => ({ label: 'real gzip', contentType: 'application/json', contentEncoding: 'gzip', body: gzipSync(jsonText(value)), parsed: value })),
    },
  );
}

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const FIELD_NAMES = ['file', 'file', 'user', 'files', 'File', 'image', '', 'file[]', 'a[b][c][d]'];

/** multipart/form-data in good and broken shapes: no boundary, truncated, wrong names, many files, a file over the upload limit. */
export function multipartArb(limits: ServerLimits = FUZZ_LIMITS): fc.Arbitrary<BodyCase> {
  const part = fc.record({
    name: fc.constantFrom(...FIELD_NAMES),
    filename: fc.option(fc.constantFrom('a.png', 'x.PNG', '../../etc/passwd', 'noext', 'a.exe', 'ä€.jpg', 'a.png\u0000.txt', '.png'), { nil: undefined }),
    content: fc.oneof(
      fc.constant(PNG_HEAD),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.from('user-123')),
    ),
  });
  return fc
    .record({
      parts: fc.array(part, { minLength: 0, maxLength: 4 }),
      manyFiles: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined, freq: 8 }),
      hugeFile: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined, freq: 30 }),
      shape: fc.constantFrom('ok', 'ok', 'ok', 'no-boundary', 'truncated', 'no-final-boundary', 'garbage', 'boundary-mismatch'),
      cut: fc.nat(),
    })
    .map(({ parts, manyFiles, hugeFile, shape, cut }): BodyCase => {
      const boundary = 'pixmockFuzzBoundary';
      const all: { name: string; filename?: string; content: Buffer }[] = [...parts];
      if (manyFiles) for (let i = 0; i < manyFiles; i++) all.push({ name: 'file', filename: `f${i}.png`, content: PNG_HEAD });
      if (hugeFile) all.push({ name: 'file', filename: 'huge.png', content: Buffer.concat([PNG_HEAD, Buffer.alloc(limits.uploadBytes + hugeFile)]) });
      const chunks: Buffer[] = [];
      for (const { name, filename, content } of all) {
        const disposition = `form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}`;
        chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${filename ? 'Content-Type: image/png\r\n' : ''}\r\n`), content, Buffer.from('\r\n'));
      }
      if (shape !== 'no-final-boundary') chunks.push(Buffer.from(`--${boundary}--\r\n`));
      let body = Buffer.concat(chunks);
      if (shape === 'truncated') body = body.subarray(0, cut % Math.max(1, body.length));
      if (shape === 'garbage') body = Buffer.from('this is not multipart at all');
      const contentType =
        shape === 'no-boundary' ? 'multipart/form-data' : shape === 'boundary-mismatch' ? 'multipart/form-data; boundary=other' : `multipart/form-data; boundary=${boundary}`;
      return { label: `multipart ${shape}${manyFiles ? ` ${manyFiles} files` : ''}${hugeFile ? ' huge' : ''}`, contentType, body, multipart: true };
    });
}

/** Path parameter values: ids, traversal in every encoding, broken percent-encoding, very long. */
export const TRAVERSALS = [
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '..%5c..%5cwindows%5cwin.ini',
  '%c0%ae%c0%ae%2f',
  '..%00.png',
  '%00',
  '.png',
  '%E0%A4%A',
  '%',
  '%zz',
  '....%2F%2F',
  'a%2F..%2F..%2F..%2Fetc%2Fshadow.png',
  '12345678-1234-1234-1234-123456789abc.png',
  '12345678-1234-1234-1234-123456789abc',
];

export const paramArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRAVERSALS) },
  { weight: 1, arbitrary: prototypeNameArb },
  { weight: 2, arbitrary: fc.uuid().map((id) => id) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 24 }).map((text) => encodeURIComponent(text)) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((length) => 'a'.repeat(length)) },
);

export const queryArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('timestamp', 'nonce', 'sign', 'as_attachment', 'a[b][c]', 'a[]', 'page', ...PROTOTYPE_NAMES, 'constructor[prototype]', '__proto__[x]'), fc.string({ maxLength: 12 })), { maxLength: 4 })
      .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '')),
  },
  { weight: 1, arbitrary: fc.constantFrom('?%zz=1', '?a=%E0%A4%A', `?${'x'.repeat(4000)}=1`, '?&&&==&', '?a[][][][][][][][]=1') },
);

/** `Prefer` values: absent mostly; the documented keys with good and bad values; garbage. */
export function preferArb(scenarios: string[]): fc.Arbitrary<string | undefined> {
  return fc.option(
    fc.oneof(
      fc.constant('latency=0'),
      fc.integer({ min: 100, max: 599 }).map((code) => `code=${code}`),
      scenarios.length ? fc.constantFrom(...scenarios).map((name) => `scenario=${name}, latency=0`) : fc.constant('latency=0'),
      fc.constantFrom('scenario=no_such_scenario', 'latency=-5', 'latency=abc', 'code=99', 'code=abc', 'a=b=c', '=', ',,,', 'mode=openai', 'mode=bogus', 'edge=off', 'edge=on', 'respond-async'),
      // Numbers past every range: refused with the 422, never a timer that cannot be kept.
      fc.constantFrom('latency=1e300', `latency=${2 ** 31}`, `latency=${Number.MAX_SAFE_INTEGER}`, 'latency=Infinity', 'code=1e300', 'code=200.5'),
      prototypeNameArb.chain((name) => fc.constantFrom(`scenario=${name}`, `${name}=1`, `mode=${name}`, `edge=${name}`, `scenario=${name}, ${name}=${name}`)),
      fc.string({ maxLength: 20 }).filter((text) => /^[\x20-\x7e]*$/.test(text)),
    ),
    { nil: undefined, freq: 3 },
  );
}

/** Scenarios a fuzz case may pick: every one that answers without holding the connection. */
export function quickScenarios(mocks: MockConfig): string[] {
  const holding = new Set(['long_run', 'task_never_completes']);
  return Object.entries(mocks.scenarios)
    .filter(([, scenario]) => !scenario.fault || (scenario.fault.kind === 'gateway' && !scenario.fault.delayMs))
    .filter(([, scenario]) => !holding.has(String(scenario.behavior)))
    .map(([name]) => name);
}

/** A few extra headers per case (header floods have their own test). */
export const extraHeadersArb: fc.Arbitrary<Record<string, string>> = fc.option(
  fc.dictionary(
    fc.oneof(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.constantFrom('x-request-id', 'x-user-id', 'accept-language')),
    fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,64}$/), prototypeNameArb),
    { maxKeys: 20 },
  ),
  { nil: {}, freq: 4 },
) as fc.Arbitrary<Record<string, string>>;

/** A credential that is one of {@link PROTOTYPE_NAMES}, picked from the case's path so a replay picks the same. */
export function prototypeCredential(input: AuthInput): string {
  return PROTOTYPE_NAMES[(input.path.length + input.query.length) % PROTOTYPE_NAMES.length] as string;
}

export const METHODS_ARB = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

/** Fills `{name}` placeholders of an OpenAPI path template. */
export function fillPath(template: string, value: (name: string) => string): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => value(name));
}

/**
 * A generated "unknown" path may still reach an operation the way express routes (a trailing
 * slash, upper case): judge it against the operations whose template matches, else as unknown.
 */
function judgeUnknownRoute(fuzz: FuzzServer, fuzzCase: FuzzCase, raw: RawRequest, answer: RawAnswer): string | undefined {
  const candidates = [...fuzz.contracts.upstream(fuzz.id).operations.values()].filter((operation) => {
    const pattern = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i');
    return pattern.test(fuzzCase.path);
  });
  const failures = [undefined, ...candidates.map((operation) => operation.operationId)].map((operationId) => judge(fuzz, operationId, raw, answer));
  return failures.includes(undefined) ? undefined : failures[0];
}

/**
 * Sends `batches` batches of `perBatch` cases, each batch pipelined on one connection, and judges
 * every answer against its own request: answers come back in order, and a server that closes the
 * connection does so only after saying `Connection: close`.
 */
export async function fuzzPipelined(fuzz: FuzzServer, spec: UpstreamFuzz, batches: number, perBatch = 4): Promise<number> {
  const targets: (OperationFuzz | undefined)[] = [...spec.operations, undefined];
  const cases = fc.sample(fc.oneof(...targets.map((operation) => caseArb(fuzz, spec, operation).map((fuzzCase) => ({ operation, fuzzCase })))), { seed: FUZZ_SEED, numRuns: batches * perBatch });
  let answered = 0;
  for (let start = 0; start < cases.length; start += perBatch) {
    const batch = cases.slice(start, start + perBatch).map(({ operation, fuzzCase }) => ({ operation, fuzzCase, raw: toRawRequest(spec, fuzzCase) }));
    const answers = await sendPipelined(fuzz.listening.port, batch.map(({ raw }) => ({ method: raw.method, path: raw.path, headers: flatHeaders(raw.headers), body: raw.body ?? undefined })));
    for (const [index, pipelined] of answers.entries()) {
      const { operation, fuzzCase, raw } = batch[index] as (typeof batch)[number];
      const answer = toRawAnswer(pipelined);
      const failure = operation ? judge(fuzz, operation.operationId, raw, answer) : judgeUnknownRoute(fuzz, fuzzCase, raw, answer);
      if (failure) throw new Error(`pipelined answer ${index + 1} of ${batch.length}: ${failure}\n  case: ${fuzzCase.method} ${raw.path} ${fuzzCase.body.label}`);
    }
    answered += answers.length;
  }
  return answered;
}

function flatHeaders(headers: RawRequest['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

function toRawAnswer({ status, headers, body }: PipelinedAnswer): RawAnswer {
  const text = body.toString('utf8');
  let json: unknown;
  if (/json/.test(headers['content-type'] ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status, headers, text, json };
}

/** The wall time of one fc.assert, for the report. */
export function runReport(id: string, cases: number, ms: number): string {
  return `[fuzz] ${id}: ${cases} cases in ${(ms / 1000).toFixed(1)} s (seed ${FUZZ_SEED})`;
}

// ---------------------------------------------------------------------------------------------
// The driver

export interface OperationFuzz {
  operationId: string;
  /** A body close to valid (fields from small pools, so the renderer cache keeps renders cheap). */
  body: fc.Arbitrary<unknown>;
  /** Values for a path parameter; default {@link paramArb}. */
  param?: (name: string) => fc.Arbitrary<string>;
}

export interface AuthInput {
  method: string;
  /** Path without the query string, exactly as sent. */
  path: string;
  query: string;
  body: BodyCase;
}

export interface UpstreamFuzz {
  /** Ways to (mis)authenticate; the first ones should reach the handler. */
  authModes: string[];
  authHeaders(mode: string, input: AuthInput): Record<string, string>;
  operations: OperationFuzz[];
}

export interface FuzzCase {
  method: string;
  path: string;
  query: string;
  body: BodyCase;
  auth: string;
  prefer?: string;
  extra: Record<string, string>;
}

/** Builds the wire request of a case. */
export function toRawRequest(spec: UpstreamFuzz, fuzzCase: FuzzCase): RawRequest {
  const headers: Record<string, string> = { ...fuzzCase.extra };
  const { body } = fuzzCase;
  if (body.contentType) headers['Content-Type'] = body.contentType;
  if (body.contentEncoding) headers['Content-Encoding'] = body.contentEncoding;
  if (fuzzCase.prefer !== undefined) headers.Prefer = fuzzCase.prefer;
  Object.assign(headers, spec.authHeaders(fuzzCase.auth, { method: fuzzCase.method, path: fuzzCase.path, query: fuzzCase.query, body }));
  return { method: fuzzCase.method, path: `${fuzzCase.path}${fuzzCase.query}`, headers, body: body.body };
}

export function caseArb(fuzz: FuzzServer, spec: UpstreamFuzz, operation: OperationFuzz | undefined): fc.Arbitrary<FuzzCase> {
  const contract = operation ? fuzz.contracts.operation(fuzz.id, operation.operationId) : undefined;
  const template = contract?.path ?? '/v1/{a}/{b}';
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const params = fc.tuple(...names.map((name) => operation?.param?.(name) ?? paramArb));
  const method = contract
    ? fc.oneof({ weight: 12, arbitrary: fc.constant(contract.method) }, { weight: 1, arbitrary: METHODS_ARB.filter((m) => m !== 'HEAD') })
    : METHODS_ARB.filter((m) => m !== 'HEAD');
  const unknownPath = fc.oneof(
    fc.constantFrom('/', '/v1', '/v2/chat/image', '/v1/chat/image/', '/V1/CHAT/IMAGE', '/v1/files/images/', '/files/tools/', '/files/tools/../../etc/passwd', '//v1//chat', '/__pixmock', '/__pixmock/nope', '/%2e%2e/%2e%2e/etc/passwd'),
    fc.array(paramArb, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`),
  );
  return fc.record({
    method,
    path: contract ? params.map((values) => fillPath(template, (name) => values[names.indexOf(name)] ?? '')) : unknownPath,
    query: queryArb,
    body: bodyArb(operation?.body ?? fc.jsonValue({ maxDepth: 2 })),
    auth: fc.constantFrom(...spec.authModes),
    prefer: preferArb(quickScenarios(fuzz.server.context.mocks)),
    extra: extraHeadersArb,
  });
}

export interface FuzzRun {
  cases: number;
  ms: number;
  perOperation: Record<string, number>;
  /** How often each status was answered: shows the cases reach past authentication. */
  statuses: Record<string, number>;
}

/**
 * Runs `casesPerUpstream` cases split evenly over the operations plus unknown routes, each an
 * fc.assert with the fixed seed; fails on the first unacceptable answer (shrunk by fast-check).
 */
export async function fuzzUpstream(fuzz: FuzzServer, spec: UpstreamFuzz, casesPerUpstream = CASES_PER_UPSTREAM): Promise<FuzzRun> {
  const targets: (OperationFuzz | undefined)[] = [...spec.operations, undefined];
  const numRuns = Math.ceil(casesPerUpstream / targets.length);
  const perOperation: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const started = performance.now();
  for (const [index, operation] of targets.entries()) {
    const name = operation?.operationId ?? 'unknown routes';
    perOperation[name] = 0;
    await fc.assert(
      fc.asyncProperty(caseArb(fuzz, spec, operation), async (fuzzCase) => {
        perOperation[name] = (perOperation[name] ?? 0) + 1;
        const raw = toRawRequest(spec, fuzzCase);
        const answer = await fuzz.send(raw);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const failure = operation ? judge(fuzz, operation.operationId, raw, answer) : judgeUnknownRoute(fuzz, fuzzCase, raw, answer);
        if (failure) throw new Error(`${failure}\n  case: ${fuzzCase.method} ${raw.path} ${fuzzCase.body.label} auth=${fuzzCase.auth} prefer=${fuzzCase.prefer ?? ''}`);
        const logged = fuzz.errorLogs;
        if (logged.length) throw new Error(`unexpected error logged: ${logged[0]?.slice(0, 400)}\n  case: ${fuzzCase.method} ${raw.path} ${fuzzCase.body.label}`);
      }),
      { seed: FUZZ_SEED + index, numRuns, endOnFailure: process.env.PIXMOCK_FUZZ_SHRINK !== '1' },
    );
  }
  const cases = Object.values(perOperation).reduce((sum, count) => sum + count, 0);
  return { cases, ms: performance.now() - started, perOperation, statuses };
}

/**
 * The two checks every upstream's fuzz file makes: every hostile request gets a documented answer,
 * and afterwards the server is healthy, within its limits, with no timer left.
 */
export function defineFuzzChecks(upstream: UpstreamId, current: () => { fuzz: FuzzServer; spec: UpstreamFuzz }): void {
  it(`answers ${CASES_PER_UPSTREAM} hostile requests with documented statuses and bodies`, async () => {
    const { fuzz, spec } = current();
    const run = await fuzzUpstream(fuzz, spec);
    console.log(runReport(upstream, run.cases, run.ms), run.statuses);
    expect(run.cases).toBeGreaterThanOrEqual(CASES_PER_UPSTREAM);
  }, 600_000);

  it('answers pipelined hostile requests in order, each with a documented status and body', async () => {
    const { fuzz, spec } = current();
    const batches = Math.max(1, Math.round(CASES_PER_UPSTREAM / 100));
    expect(await fuzzPipelined(fuzz, spec, batches)).toBeGreaterThan(batches);
  }, 600_000);

  it('still answers health, with bounded state and journal and no timer left', async () => {
    const { fuzz } = current();
    const health = await fuzz.send({ method: 'GET', path: '/__pixmock/health', headers: {} });
    expect(health.status).toBe(200);
    const { context } = fuzz.server;
    expect(context.journal.size).toBeLessThanOrEqual(FUZZ_LIMITS.journalEntries);
    for (const size of Object.values(await context.state.sizes())) expect(size).toBeLessThanOrEqual(FUZZ_LIMITS.stateEntries);
    expect(context.sim.clock.pendingTimers()).toBe(0);
  });
}
