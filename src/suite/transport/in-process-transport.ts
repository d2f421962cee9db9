/**
 * The in-process transport: supertest drives the mock's app without a fixed port, and the body
 * is read as a stream so server-sent events are validated as they arrive.
 *
 * @example
 * const transport = createInProcessTransport(server.app, { description: 'in-process chatfire' });
 * const response = await transport.send({ method: 'GET', path: '/v1/tasks/x', headers: {}, timeoutMs: 5000 });
 */
import type { IncomingMessage, RequestListener } from 'node:http';
import { createRequire } from 'node:module';
import type supertest from 'supertest';
import { TransportError, type SendOptions, type SuiteRequest, type SuiteResponse, type Transport } from '../types.js';
import { finishResponse, lowerCaseHeaders, pathWithQuery } from './transport-helpers.js';

export interface InProcessTransportOptions {
  description?: string;
}

type ParseCallback = (error: Error | null, body?: unknown) => void;

let loadedSupertest: typeof supertest | undefined;

/** supertest (CommonJS) is required on the first send, so `pixmock serve` never pays for loading it. */
function request(app: RequestListener): ReturnType<typeof supertest> {
  loadedSupertest ??= createRequire(import.meta.url)('supertest') as typeof supertest;
  return loadedSupertest(app);
}

export function createInProcessTransport(app: RequestListener, { description = 'in-process app' }: InProcessTransportOptions = {}): Transport {
  return {
    kind: 'in-process',
    description,
    send(suiteRequest: SuiteRequest, { onChunk, signal }: SendOptions = {}): Promise<SuiteResponse> {
      const started = performance.now();
      const chunks: Buffer[] = [];
      let firstByteMs: number | undefined;
      let head: { status: number; headers: Record<string, string> } | undefined;
      const agent = request(app);
      const method = suiteRequest.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
      let test = agent[method](pathWithQuery(suiteRequest));
      for (const [name, value] of Object.entries(suiteRequest.headers)) test = test.set(name, value);
      if (suiteRequest.form) {
        for (const [name, value] of Object.entries(suiteRequest.form)) {
          test = typeof value === 'string' ? test.field(name, value) : test.attach(name, Buffer.from(value.data), { filename: value.filename, contentType: value.contentType });
        }
      } else if (suiteRequest.json !== undefined || suiteRequest.rawBody !== undefined) {
        test = test.send(suiteRequest.rawBody ?? JSON.stringify(suiteRequest.json));
      }
      test = test
        .timeout(suiteRequest.timeoutMs)
        .ok(() => true)
        .buffer(true)
        .parse(((res: IncomingMessage, callback: ParseCallback) => {
          head = { status: res.statusCode ?? 0, headers: lowerCaseHeaders(res.headers) };
          firstByteMs = performance.now() - started;
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            onChunk?.(chunk);
          });
          res.on('end', () => callback(null, Buffer.concat(chunks)));
          res.on('error', (error: Error) => callback(error));
        }) as unknown as (res: unknown, callback: ParseCallback) => void);

      return new Promise<SuiteResponse>((resolve, reject) => {
        const onAbort = () => {
          test.abort();
          if (!head) return reject(new TransportError(suiteRequest, 'aborted before the response started'));
          resolve(finishResponse({ ...head, body: Buffer.concat(chunks), elapsedMs: performance.now() - started, firstByteMs, aborted: true }));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        test.end((error, res) => {
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) return;
          if (error && !res) return reject(new TransportError(suiteRequest, error.message, { cause: error }));
          const body = Buffer.isBuffer(res.body) ? res.body : Buffer.concat(chunks);
          resolve(finishResponse({ status: res.status, headers: lowerCaseHeaders(res.headers), body, elapsedMs: performance.now() - started, firstByteMs }));
        });
      });
    },
  };
}
