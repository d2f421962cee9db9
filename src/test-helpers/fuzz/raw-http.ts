/** A raw HTTP client that can send any bytes and headers, and reads the whole answer. */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';

const CASE_TIMEOUT_MS = 15_000;

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
        resolve(rawAnswer(response.statusCode ?? 0, response.headers, Buffer.concat(chunks).toString('utf8')));
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

/** An answer read in full; its body parsed when the content type says JSON. */
export function rawAnswer(status: number, headers: IncomingHttpHeaders, text: string): RawAnswer {
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
