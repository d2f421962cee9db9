/**
 * Deliberately broken variants of the mock, one deviation each, made by wrapping the faithful
 * app: a middleware in front (to stop checking signatures) or a response transformer around it
 * (to rename, retype, re-status or re-encode what the real handlers sent). Test-only.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import sharp from 'sharp';
import { signRequest } from '../../auth/index.js';
import { PNG_DATA_URL_PREFIX } from '../../imaging/png-text.js';
import type { Finding, SuiteCase, UpstreamName } from '../types.js';

export interface DriftVariant {
  name: string;
  upstream: UpstreamName;
  /** The cases worth running against this variant (keeps the self-test fast). */
  cases: (suiteCase: SuiteCase) => boolean;
  wrap: (app: RequestListener, demo: Record<string, string>) => RequestListener;
  /** The finding that proves the suite saw this deviation, naming the field. */
  caught: (finding: Finding) => boolean;
}

interface Outgoing {
  req: Request;
  status: number;
  contentType: string;
  body: Buffer;
}

type Transform = (out: Outgoing) => Promise<{ status?: number; body?: Buffer | string } | undefined> | { status?: number; body?: Buffer | string } | undefined;

/** Buffers what the faithful app writes and lets `transform` rewrite status and body before it leaves. */
export function withResponseTransform(app: RequestListener, transform: Transform): RequestListener {
  const outer = express();
  outer.use(function transformResponse(req: Request, res: Response, next: NextFunction) {
    const chunks: Buffer[] = [];
    const end = res.end.bind(res) as (chunk?: unknown) => Response;
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
        }
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
export function jsonTransform(edit: (body: Record<string, unknown>, out: Outgoing) => void): Transform {
  return (out) => {
    if (!out.contentType.includes('json') || out.body.length === 0) return undefined;
    const body = JSON.parse(out.body.toString('utf8')) as Record<string, unknown>;
    edit(body, out);
    return { body: JSON.stringify(body) };
  };
}

/** Rewrites the `data:` blocks of an event stream (pings kept as they were). */
function sseTransform(edit: (blocks: string[]) => string[]): Transform {
  return (out) => {
    if (!out.contentType.includes('text/event-stream')) return undefined;
    const blocks = out.body.toString('utf8').split('\n\n').filter((b) => b.length > 0);
    return { body: `${edit(blocks).join('\n\n')}\n\n` };
  };
}

const isCreate = (c: SuiteCase) => c.operationId === 'createImageGeneration' && c.kind === 'positive';
/** The seed's request: one 1024x1024 image as a url link. */
const isSeedCreate = (c: SuiteCase) => isCreate(c) && c.id.endsWith('.example.1');
const isRun = (mode: string) => (c: SuiteCase) => c.operationId === 'runWorkflow' && c.kind === 'positive' && (c.body as { response_mode?: string } | undefined)?.response_mode === mode;
const pointerHas = (check: string, field: string) => (f: Finding) => f.check === check && f.pointer.includes(field);

export const DRIFT_VARIANTS: DriftVariant[] = [
  {
    name: 'a renamed field (chatfire task_id → taskId)',
    upstream: 'chatfire',
    cases: isSeedCreate,
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      if ('task_id' in body) {
        body.taskId = body.task_id;
        delete body.task_id;
      }
    })),
    caught: pointerHas('response_schema_conformance', '/task_id'),
  },
  {
    name: 'a wrong type (aibabe data.conversationId as a number)',
    upstream: 'aibabe',
    cases: (c) => c.operationId === 'createConversation' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const data = body.data as Record<string, unknown> | null;
      if (data && typeof data.conversationId === 'string') data.conversationId = 12345;
    })),
    caught: pointerHas('response_schema_conformance', '/data/conversationId'),
  },
  {
    name: 'a wrong status (Dify 401 answered as 403)',
    upstream: 'dify',
    cases: (c) => c.source === 'auth' && c.operationId === 'getInfo',
    wrap: (app) => withResponseTransform(app, (out) => (out.status === 401 ? { status: 403 } : undefined)),
    caught: (f) => f.check === 'auth_rejection' && f.pointer === 'header:Authorization' && f.received.startsWith('403'),
  },
  {
    name: 'a wrong business code (aibabe 401 envelopes with code 10400)',
    upstream: 'aibabe',
    cases: (c) => c.source === 'auth' && c.operationId === 'configOptions',
    wrap: (app) => withResponseTransform(app, jsonTransform((body, out) => {
      if (out.status === 401) body.code = 10400;
    })),
    caught: pointerHas('documented_error', '/code'),
  },
  {
    name: 'a missing data-URL prefix (aibabe data.base64Image)',
    upstream: 'aibabe',
    cases: (c) => c.operationId === 'chatImage' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const data = body.data as Record<string, unknown> | null;
      if (data && typeof data.base64Image === 'string') data.base64Image = data.base64Image.replace(PNG_DATA_URL_PREFIX, '');
    })),
    caught: pointerHas('image_validity', '/data/base64Image'),
  },
  {
    name: 'a JPEG where PNG is documented (aibabe data.imageData)',
    upstream: 'aibabe',
    cases: (c) => c.operationId === 'agentCover' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, async (out) => {
      if (!out.contentType.includes('json')) return undefined;
      const body = JSON.parse(out.body.toString('utf8')) as { data?: { imageData?: string } };
      const image = body.data?.imageData;
      if (!image?.startsWith(PNG_DATA_URL_PREFIX)) return undefined;
      const jpeg = await sharp(Buffer.from(image.slice(PNG_DATA_URL_PREFIX.length), 'base64')).jpeg().toBuffer();
      (body.data as { imageData: string }).imageData = `${PNG_DATA_URL_PREFIX}${jpeg.toString('base64')}`;
      return { body: JSON.stringify(body) };
    }),
    caught: (f) => f.check === 'image_validity' && f.pointer === '/data/imageData' && f.received.includes('JPEG'),
  },
  {
    name: 'a wrong image size (chatfire images 512x512)',
    upstream: 'chatfire',
    cases: isSeedCreate,
    wrap: (app) => withResponseTransform(app, async (out) => {
      if (out.contentType.startsWith('image/png')) return { body: await sharp(out.body).resize(512, 512, { fit: 'fill' }).png().toBuffer() };
      return undefined;
    }),
    caught: (f) => f.check === 'image_validity' && f.received === '512x512',
  },
  {
    name: 'signature not checked (aibabe accepts any X-Signature)',
    upstream: 'aibabe',
    cases: (c) => c.source === 'auth' && c.auth.kind === 'bad-signature',
    wrap: (app, demo) => {
      const outer = express();
      outer.use(express.json());
      // Re-signs every request with the real secret, so the app behind never sees a bad signature.
      outer.use(function resignRequest(req: Request, _res: Response, next: NextFunction) {
        if (req.headers.authorization === `Bearer ${demo.apiKey}` && req.headers['x-timestamp'] && req.headers['x-user-id']) {
          const headers = signRequest({
            apiKey: demo.apiKey as string, apiSecret: demo.apiSecret as string, userId: String(req.headers['x-user-id']), method: req.method, path: req.path,
            query: req.query as Record<string, unknown>, body: req.is('multipart/form-data') ? undefined : req.body, isMultipart: Boolean(req.is('multipart/form-data')),
            timestamp: Number(req.headers['x-timestamp']), requestId: String(req.headers['x-request-id']),
          });
          req.headers['x-signature'] = headers['X-Signature'];
        }
        next();
      });
      outer.use(app as unknown as express.RequestHandler);
      return outer as unknown as RequestListener;
    },
    caught: (f) => f.check === 'auth_rejection' && f.pointer === 'header:X-Signature',
  },
  {
    name: 'SSE events out of order (Dify node_started before workflow_started)',
    upstream: 'dify',
    cases: isRun('streaming'),
    wrap: (app) => withResponseTransform(app, sseTransform((blocks) => {
      const data = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.startsWith('data:'));
      const [first, second] = data;
      if (!first || !second) return blocks;
      const out = [...blocks];
      out[first.i] = second.b;
      out[second.i] = first.b;
      return out;
    })),
    caught: (f) => f.check === 'sse_grammar' && f.pointer === 'event[0]/event' && f.received === 'node_started',
  },
  {
    name: 'SSE without workflow_finished (Dify)',
    upstream: 'dify',
    cases: isRun('streaming'),
    wrap: (app) => withResponseTransform(app, sseTransform((blocks) => blocks.filter((b) => !b.includes('"workflow_finished"')))),
    caught: (f) => f.check === 'sse_grammar' && f.pointer.endsWith('/event') && f.documented.includes('workflow_finished'),
  },
  {
    name: 'task status going backwards (chatfire processing → pending)',
    upstream: 'chatfire',
    cases: isSeedCreate,
    wrap: (app) => {
      const polls = new Map<string, number>();
      return withResponseTransform(app, jsonTransform((body, out) => {
        if (out.req.method !== 'GET' || typeof body.task_id !== 'string' || body.status !== 'completed') return;
        const seen = polls.get(body.task_id) ?? 0;
        polls.set(body.task_id, seen + 1);
        if (seen > 1) return;
        body.status = seen === 0 ? 'processing' : 'pending';
        delete body.images;
      }));
    },
    caught: pointerHas('task_lifecycle', '/status'),
  },
  {
    name: 'an unsigned file URL (Dify outputs.files[].url without timestamp/nonce/sign)',
    upstream: 'dify',
    cases: isRun('blocking'),
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const files = ((body.data as { outputs?: { files?: { url?: string }[] } } | undefined)?.outputs?.files) ?? [];
      for (const file of files) if (file.url) file.url = file.url.split('?')[0];
    })),
    caught: (f) => f.check === 'signed_file_url' || (f.check === 'response_schema_conformance' && f.pointer.endsWith('/url')),
  },
];

export type { IncomingMessage, ServerResponse };
