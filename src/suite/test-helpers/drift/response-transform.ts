/**
 * Wraps the faithful app in a response transformer: what its handlers send is buffered, then
 * renamed, retyped, re-statused or re-encoded before it leaves.
 */
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';

interface Outgoing {
  req: Request;
  status: number;
  contentType: string;
  body: Buffer;
}

interface Rewrite {
  status?: number;
  body?: Buffer | string;
  /** Header values to set; `null` removes the header. */
  headers?: Record<string, string | null>;
}

type Transform = (out: Outgoing) => Promise<Rewrite | undefined> | Rewrite | undefined;

/** Buffers what the faithful app writes and lets `transform` rewrite status, headers and body before it leaves. */
export function withResponseTransform(app: RequestListener, transform: Transform): RequestListener {
  const outer = express();
  outer.use(function transformResponse(req: Request, res: Response, next: NextFunction) {
    const chunks: Buffer[] = [];
    const end = res.end.bind(res) as (chunk?: unknown) => Response;
    // The head waits for the transform too: writeHead only records what it would have sent, until
    // the transformed body goes out (node's own end() calls writeHead then).
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    let releasing = false;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (releasing) return writeHead(status, ...rest);
      res.statusCode = status;
      const headers = rest.find((item) => typeof item === 'object' && item !== null) as Record<string, string | number> | undefined;
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
      return res;
    }) as Response['writeHead'];
    res.flushHeaders = () => undefined;
    const toBuffer = (chunk: unknown, encoding?: unknown) =>
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      chunks.push(toBuffer(chunk, encoding));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') (done as () => void)();
      return true;
    }) as Response['write'];
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      if (chunk !== undefined && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
      const body = Buffer.concat(chunks);
      void Promise.resolve(transform({ req, status: res.statusCode, contentType: String(res.getHeader('content-type') ?? ''), body })).then((out) => {
        const finalBody = out?.body === undefined ? body : Buffer.from(out.body);
        if (!res.headersSent) {
          if (out?.status) res.status(out.status);
          if (res.getHeader('content-length') !== undefined) res.setHeader('Content-Length', finalBody.length);
          for (const [name, value] of Object.entries(out?.headers ?? {})) {
            if (value === null) res.removeHeader(name);
            else res.setHeader(name, value);
          }
        }
        releasing = true;
        end(finalBody);
      });
      return res;
    }) as Response['end'];
    next();
  });
  outer.use(app as unknown as express.RequestHandler);
  return outer as unknown as RequestListener;
}

/** Rewrites every JSON body with `edit` (return nothing to leave it). */
export function jsonTransform(edit: (body: Record<string, unknown>, out: Outgoing) => void | Rewrite): Transform {
  return (out) => {
    if (!out.contentType.includes('json') || out.body.length === 0) return undefined;
    const body = JSON.parse(out.body.toString('utf8')) as Record<string, unknown>;
    const rewrite = edit(body, out);
    return { ...rewrite, body: JSON.stringify(body) };
  };
}

/** Rewrites the `data:` blocks of an event stream (pings kept as they were). */
export function sseTransform(edit: (blocks: string[]) => string[]): Transform {
  return (out) => {
    if (!out.contentType.includes('text/event-stream')) return undefined;
    const blocks = out.body.toString('utf8').split('\n\n').filter((b) => b.length > 0);
    return { body: `${edit(blocks).join('\n\n')}\n\n` };
  };
}
