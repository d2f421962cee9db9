/**
 * Test-only: sends several HTTP/1.1 requests on one connection in a single write (pipelining, which
 * node's own client never does) and reads the answers back in order. Answers carry a Content-Length
 * or are chunked; the connection is closed once every answer is in. A server may close the
 * connection after an answer that says `Connection: close`: the answers up to it are returned.
 */
import { connect } from 'node:net';

export interface PipelinedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface PipelinedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function sendPipelined(port: number, requests: PipelinedRequest[], timeoutMs = 10_000): Promise<PipelinedAnswer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: PipelinedAnswer[] = [];
    let buffered = Buffer.alloc(0);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`${answers.length} of ${requests.length} pipelined answers within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => socket.write(Buffer.concat(requests.map((request) => serialise(port, request)))));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let parsed = parseAnswer(buffered); parsed; parsed = parseAnswer(buffered)) {
        answers.push(parsed.answer);
        buffered = buffered.subarray(parsed.length);
      }
      if (answers.length === requests.length) {
        clearTimeout(timer);
        socket.end();
        resolve(answers);
      }
    });
    socket.on('error', fail);
    socket.on('close', () => {
      if (answers.length === requests.length) return;
      if (answers.at(-1)?.headers.connection?.toLowerCase() === 'close') {
        clearTimeout(timer);
        resolve(answers);
        return;
      }
      fail(new Error(`the connection closed after ${answers.length} of ${requests.length} pipelined answers`));
    });
  });
}

function serialise(port: number, { method, path, headers = {}, body }: PipelinedRequest): Buffer {
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** One complete answer at the start of `bytes` and how many bytes it took, or undefined if more must arrive. */
function parseAnswer(bytes: Buffer): { answer: PipelinedAnswer; length: number } | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  const start = headEnd + 4;
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const sizeEnd = bytes.indexOf('\r\n', at);
      if (sizeEnd < 0) return undefined;
      const size = Number.parseInt(bytes.subarray(at, sizeEnd).toString('latin1'), 16);
      if (bytes.length < sizeEnd + 2 + size + 2) return undefined;
      if (size === 0) return { answer: { status, headers, body: Buffer.concat(parts) }, length: sizeEnd + 4 };
      parts.push(bytes.subarray(sizeEnd + 2, sizeEnd + 2 + size));
      at = sizeEnd + 2 + size + 2;
    }
  }
  const length = Number(headers['content-length'] ?? 0);
  if (bytes.length < start + length) return undefined;
  return { answer: { status, headers, body: Buffer.from(bytes.subarray(start, start + length)) }, length: start + length };
}
