/**
 * Deliberately broken variants of the mock, one deviation each, made by wrapping the faithful
 * app (a middleware in front that rewrites the request, or a response transformer around it that
 * renames, retypes, re-statuses or re-encodes what the real handlers sent) or by configuring it
 * against a documented promise (mocks/ edited in memory). Each names the check it is for: the
 * drift self-test runs the suite against it and expects that check to catch it, and no other
 * check but the ones listed in `alsoCaughtBy`. Test-only.
 */
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import sharp from 'sharp';
import { signRequest } from '../../auth/index.js';
import type { ContractRegistry } from '../../contracts/index.js';
import { PNG_DATA_URL_PREFIX } from '../../imaging/png-text.js';
import { loadMocks } from '../../mocks/index.js';
import type { MockServerOptions } from '../../app/create-mock-servers.js';
import type { Finding, SuiteCase, UpstreamName } from '../types.js';

export interface WrapContext {
  demo: Record<string, string>;
  contracts: ContractRegistry;
}

export interface DriftVariant {
  name: string;
  upstream: UpstreamName;
  /** The check this variant exists for. */
  check: string;
  /** Other checks that rightly catch the same deviation (anything else catching it is a surprise). */
  alsoCaughtBy?: string[];
  /** The cases worth running against this variant (keeps the self-test fast). */
  cases: (suiteCase: SuiteCase) => boolean;
  /** Options of the mock behind the variant (latency profile, time scale, edited mocks). */
  mock?: () => Promise<MockServerOptions>;
  wrap?: (app: RequestListener, context: WrapContext) => RequestListener;
  /** The same wrapping without the deviation, when the baseline needs one (e.g. a pinned latency). */
  faithfulWrap?: (app: RequestListener, context: WrapContext) => RequestListener;
  /** The finding that proves the check saw this deviation, naming the field. */
  caught: (finding: Finding) => boolean;
}

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
function sseTransform(edit: (blocks: string[]) => string[]): Transform {
  return (out) => {
    if (!out.contentType.includes('text/event-stream')) return undefined;
    const blocks = out.body.toString('utf8').split('\n\n').filter((b) => b.length > 0);
    return { body: `${edit(blocks).join('\n\n')}\n\n` };
  };
}

/** Edits each request before the faithful app sees it (headers only: aibabe bodies are signed). */
function withRequestEdit(app: RequestListener, edit: (req: Request) => void): RequestListener {
  const outer = express();
  outer.use(function editRequest(req: Request, _res: Response, next: NextFunction) {
    edit(req);
    next();
  });
  outer.use(app as unknown as express.RequestHandler);
  return outer as unknown as RequestListener;
}

/** Adds `Prefer: <preference>` to the requests `applies` selects. */
function withPrefer(app: RequestListener, applies: (req: Request) => boolean, preference: string): RequestListener {
  return withRequestEdit(app, (req) => {
    if (applies(req)) req.headers.prefer = preference;
  });
}

/** The mock with one value of its behaviour data changed. */
function editedMocks(upstream: UpstreamName, edit: (mocks: Record<string, Record<string, unknown>>) => void, options: MockServerOptions = {}): () => Promise<MockServerOptions> {
  return async () => {
    const mocks = await loadMocks(upstream);
    edit(mocks as unknown as Record<string, Record<string, unknown>>);
    return { ...options, mocks };
  };
}

/** An aibabe error envelope with the catalogue entry's code, success and message, keeping the answer's traceId and timestamp. */
function aibabeError(contracts: ContractRegistry, id: string, body: Record<string, unknown>): { status: number } {
  const entry = contracts.upstream('aibabe').errors.entry(id);
  Object.assign(body, entry.body, { data: null });
  return { status: entry.status };
}

const isCreate = (c: SuiteCase) => c.operationId === 'createImageGeneration' && c.kind === 'positive' && c.source !== 'state';
/** The seed's request: one 1024x1024 image as a url link. */
const isSeedCreate = (c: SuiteCase) => isCreate(c) && c.id.endsWith('.example.1');
const isRun = (mode: string) => (c: SuiteCase) => c.operationId === 'runWorkflow' && c.kind === 'positive' && c.source !== 'state' && (c.body as { response_mode?: string } | undefined)?.response_mode === mode;
const isState = (probe: string) => (c: SuiteCase) => c.probe === probe;
const pointerHas = (check: string, field: string) => (f: Finding) => f.check === check && f.pointer.includes(field);
const isPath = (method: string, path: RegExp) => (req: Request) => req.method === method && path.test(req.path);

export const DRIFT_VARIANTS: DriftVariant[] = [
  // --- shapes, statuses and media types ---
  {
    name: 'a renamed field (chatfire task_id → taskId)',
    upstream: 'chatfire',
    check: 'response_schema_conformance',
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
    check: 'response_schema_conformance',
    cases: (c) => c.operationId === 'createConversation' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const data = body.data as Record<string, unknown> | null;
      if (data && typeof data.conversationId === 'string') data.conversationId = 12345;
    })),
    caught: pointerHas('response_schema_conformance', '/data/conversationId'),
  },
  {
    name: 'an undocumented status (chatfire task created with 202)',
    upstream: 'chatfire',
    check: 'status_code_conformance',
    cases: isSeedCreate,
    wrap: (app) => withResponseTransform(app, (out) => (isPath('POST', /^\/v1\/images\/generations$/)(out.req) && out.status === 200 ? { status: 202 } : undefined)),
    caught: (f) => f.check === 'status_code_conformance' && f.pointer === 'status' && f.received === '202',
  },
  {
    name: 'JSON labelled text/plain (Dify GET /v1/parameters)',
    upstream: 'dify',
    check: 'content_type_conformance',
    cases: (c) => c.operationId === 'getParameters' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, (out) => (isPath('GET', /^\/v1\/parameters$/)(out.req) ? { headers: { 'Content-Type': 'text/plain; charset=utf-8' } } : undefined)),
    caught: (f) => f.check === 'content_type_conformance' && f.pointer === 'header:content-type' && f.received.startsWith('text/plain'),
  },
  {
    name: 'an envelope timestamp from 2001 (aibabe config options)',
    upstream: 'aibabe',
    check: 'envelope_rules',
    cases: (c) => c.operationId === 'configOptions' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      if (typeof body.timestamp === 'string') body.timestamp = '1000000000000';
    })),
    caught: pointerHas('envelope_rules', '/timestamp'),
  },
  // --- errors ---
  {
    name: 'a wrong status (Dify 401 answered as 403)',
    upstream: 'dify',
    check: 'auth_rejection',
    // A 401 body under 403 is no catalogue entry, and its status field no longer repeats the HTTP status.
    alsoCaughtBy: ['documented_error', 'envelope_rules'],
    cases: (c) => c.source === 'auth' && c.operationId === 'getInfo',
    wrap: (app) => withResponseTransform(app, (out) => (out.status === 401 ? { status: 403 } : undefined)),
    caught: (f) => f.check === 'auth_rejection' && f.pointer === 'header:Authorization' && f.received.startsWith('403'),
  },
  {
    name: 'a wrong business code (aibabe 401 envelopes with code 10400)',
    upstream: 'aibabe',
    check: 'documented_error',
    // The body is no longer the authentication error the case expects either.
    alsoCaughtBy: ['auth_rejection'],
    cases: (c) => c.source === 'auth' && c.operationId === 'configOptions',
    wrap: (app) => withResponseTransform(app, jsonTransform((body, out) => {
      if (out.status === 401) body.code = 10400;
    })),
    caught: pointerHas('documented_error', '/code'),
  },
  {
    name: 'an error body outside the catalogue (Dify 403 for a tampered file URL, another message)',
    upstream: 'dify',
    check: 'documented_error',
    cases: isRun('blocking'),
    wrap: (app) => withResponseTransform(app, jsonTransform((body, out) => {
      if (out.status === 403 && isPath('GET', /^\/files\/tools\//)(out.req)) body.message = 'Forbidden.';
    })),
    caught: pointerHas('documented_error', '/message'),
  },
  {
    name: 'signature not checked (aibabe accepts any X-Signature)',
    upstream: 'aibabe',
    check: 'auth_rejection',
    cases: (c) => c.source === 'auth' && c.auth.kind === 'bad-signature',
    wrap: (app, { demo }) => {
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
    name: 'another documented error than the case documents (aibabe cover without breastSize refused as buttSize)',
    upstream: 'aibabe',
    check: 'error_exact',
    cases: (c) => c.operationId === 'agentCover' && c.source === 'required-missing' && c.pointer === '/breastSize',
    wrap: (app, { contracts }) => withResponseTransform(app, jsonTransform((body) => {
      if (body.success === false && typeof body.message === 'string' && body.message.startsWith('breastSize')) return aibabeError(contracts, 'cover_butt_size_required', body);
    })),
    caught: (f) => f.check === 'error_exact' && f.pointer === '/breastSize' && f.received.includes('cover_butt_size_required'),
  },
  {
    name: 'the documented HTTP 400 sent as an HTTP 200 business error (aibabe cover without breastSize)',
    upstream: 'aibabe',
    check: 'error_exact',
    // Its words are no HTTP 200 error agentCover documents either.
    alsoCaughtBy: ['error_in_operation'],
    cases: (c) => c.operationId === 'agentCover' && c.source === 'required-missing' && c.pointer === '/breastSize',
    wrap: (app) => withResponseTransform(app, (out) => (out.status === 400 && out.body.includes('breastSize is required') ? { status: 200 } : undefined)),
    caught: (f) => f.check === 'error_exact' && f.pointer === '/breastSize' && f.received.startsWith('200') && f.documented.startsWith('400 cover_breast_size_required'),
  },
  {
    name: "an error of another operation (aibabe config options answered with the cover page's RunPod 500)",
    upstream: 'aibabe',
    check: 'error_in_operation',
    cases: (c) => c.operationId === 'configOptions' && c.source === 'generated',
    wrap: (app, { contracts }) => withResponseTransform(app, jsonTransform((body, out) => {
      if (isPath('POST', /^\/v1\/config\/options$/)(out.req) && body.success === true) return aibabeError(contracts, 'cover_runpod_failure', body);
    })),
    caught: (f) => f.check === 'error_in_operation' && f.operationId === 'configOptions' && f.received.includes('cover_runpod_failure'),
  },
  {
    name: 'a documented example refused (Dify parameters answered 403 app_api_disabled)',
    upstream: 'dify',
    check: 'expected_outcome',
    cases: (c) => c.operationId === 'getParameters' && c.kind === 'positive',
    wrap: (app, { contracts }) => withResponseTransform(app, (out) => {
      if (!isPath('GET', /^\/v1\/parameters$/)(out.req)) return undefined;
      const error = contracts.upstream('dify').errors.render('app_api_disabled');
      return { status: error.status, body: JSON.stringify(error.body) };
    }),
    caught: (f) => f.check === 'expected_outcome' && f.received.startsWith('403'),
  },
  // --- content ---
  {
    name: 'a missing data-URL prefix (aibabe data.base64Image)',
    upstream: 'aibabe',
    check: 'image_validity',
    // The response schema states the prefix as a pattern too.
    alsoCaughtBy: ['response_schema_conformance'],
    cases: (c) => c.operationId === 'chatImage' && c.kind === 'positive' && c.source !== 'state',
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const data = body.data as Record<string, unknown> | null;
      if (data && typeof data.base64Image === 'string') data.base64Image = data.base64Image.replace(PNG_DATA_URL_PREFIX, '');
    })),
    caught: pointerHas('image_validity', '/data/base64Image'),
  },
  {
    name: 'a JPEG where PNG is documented (aibabe data.imageData)',
    upstream: 'aibabe',
    check: 'image_validity',
    cases: (c) => c.operationId === 'agentCover' && c.kind === 'positive' && c.source !== 'state',
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
    check: 'image_validity',
    cases: isSeedCreate,
    wrap: (app) => withResponseTransform(app, async (out) => {
      if (out.contentType.startsWith('image/png')) return { body: await sharp(out.body).resize(512, 512, { fit: 'fill' }).png().toBuffer() };
      return undefined;
    }),
    caught: (f) => f.check === 'image_validity' && f.received === '512x512',
  },
  {
    name: 'metadata echoed back emptied (aibabe data.metadata)',
    upstream: 'aibabe',
    check: 'metadata_echo',
    cases: (c) => c.operationId === 'chatImage' && c.source === 'echo',
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const data = body.data as Record<string, unknown> | null;
      if (data && typeof data.metadata === 'object') data.metadata = {};
    })),
    caught: (f) => f.check === 'metadata_echo' && f.pointer === '/data/metadata' && f.received === '{}' && f.documented.includes('pixmock-echo-7f3c'),
  },
  {
    name: 'a succeeded run without files (Dify outputs.files empty)',
    upstream: 'dify',
    check: 'run_outputs',
    cases: isRun('blocking'),
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const outputs = (body.data as { outputs?: { files?: unknown[] } } | undefined)?.outputs;
      if (outputs?.files) outputs.files = [];
    })),
    caught: (f) => f.check === 'run_outputs' && f.pointer === '/data/outputs/files' && f.received === '[]',
  },
  // --- progress and completion ---
  {
    name: 'a chatfire task stuck in processing (scenario task_stuck_processing)',
    upstream: 'chatfire',
    check: 'task_completion',
    cases: isSeedCreate,
    mock: async () => ({ timeScale: 1000 }),
    wrap: (app) => withPrefer(app, isPath('POST', /^\/v1\/images\/generations$/), 'scenario=task_stuck_processing'),
    caught: (f) => f.check === 'task_completion' && f.pointer === '/status' && /img_\w+ still "processing"/.test(f.received),
  },
  {
    name: 'SSE events out of order (Dify node_started before workflow_started)',
    upstream: 'dify',
    check: 'sse_grammar',
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
    check: 'sse_grammar',
    cases: isRun('streaming'),
    wrap: (app) => withResponseTransform(app, sseTransform((blocks) => blocks.filter((b) => !b.includes('"workflow_finished"')))),
    caught: (f) => f.check === 'sse_grammar' && f.pointer.endsWith('/event') && f.documented.includes('workflow_finished'),
  },
  {
    name: 'an SSE stream that never closes (Dify: no workflow_finished, connection held open)',
    upstream: 'dify',
    check: 'sse_grammar',
    cases: isRun('streaming'),
    mock: async () => ({ timeScale: 1000 }),
    wrap: (app) => withHeldOpenStream(app),
    caught: (f) => f.check === 'sse_grammar' && f.pointer.startsWith('budget/'),
  },
  {
    name: 'task status going backwards (chatfire processing → pending)',
    upstream: 'chatfire',
    check: 'task_lifecycle',
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
  // --- time ---
  {
    name: 'a chat image in a few seconds when the docs say 30-90 s (aibabe, realistic latency)',
    upstream: 'aibabe',
    check: 'latency_within_bounds',
    cases: (c) => c.id === 'aibabe.chatImage.example.1',
    mock: async () => ({ latency: 'realistic', timeScale: 50 }),
    wrap: (app) => withPrefer(app, isPath('POST', /^\/v1\/chat\/image$/), 'latency=0'),
    // The baseline pins a documented 60 s so its wall time does not depend on the seeded sample.
    faithfulWrap: (app) => withPrefer(app, isPath('POST', /^\/v1\/chat\/image$/), 'latency=60000'),
    caught: (f) => f.check === 'latency_within_bounds' && f.severity === 'error' && f.documented.startsWith('at least 30.0 s'),
  },
  {
    name: 'Dify run timestamps in milliseconds (data.created_at, data.finished_at)',
    upstream: 'dify',
    check: 'timestamps',
    cases: isRun('blocking'),
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      // The blocking body holds the run under data; the run detail is the run itself.
      const run = (typeof body.data === 'object' && body.data !== null ? body.data : body) as Record<string, unknown>;
      for (const key of ['created_at', 'finished_at']) if (typeof run[key] === 'number') run[key] = (run[key] as number) * 1000;
    })),
    caught: (f) => f.check === 'timestamps' && f.pointer === '/data/created_at' && f.received.includes('milliseconds'),
  },
  // --- state across calls ---
  {
    name: 'a run read back as another workflow (Dify GET /v1/workflows/run/{id} workflow_id)',
    upstream: 'dify',
    check: 'follow_up_agrees',
    cases: isRun('blocking'),
    wrap: (app) => withResponseTransform(app, jsonTransform((body, out) => {
      if (isPath('GET', /^\/v1\/workflows\/run\//)(out.req) && typeof body.workflow_id === 'string') body.workflow_id = '00000000-0000-4000-8000-000000000000';
    })),
    caught: (f) => f.check === 'follow_up_agrees' && f.operationId === 'getWorkflowRun' && f.pointer === '/workflow_id',
  },
  {
    name: 'a coverId that lives an hour, not 30 minutes (aibabe limits.coverTtlMs)',
    upstream: 'aibabe',
    check: 'cover_lifecycle',
    cases: isState('cover-expiry'),
    mock: editedMocks('aibabe', (mocks) => {
      (mocks.limits as Record<string, unknown>).coverTtlMs = 60 * 60 * 1000;
    }),
    caught: (f) => f.check === 'cover_lifecycle' && f.pointer === '/coverId' && f.documented.includes('30 minutes'),
  },
  {
    name: 'breastSize required of a male cover too (aibabe agentCover)',
    upstream: 'aibabe',
    check: 'cover_parameters',
    cases: isState('cover-male-without-sizes'),
    wrap: (app, { contracts }) => withResponseTransform(app, jsonTransform((body, out) => {
      const request = out.req.body as Record<string, unknown> | undefined;
      if (isPath('POST', /^\/v1\/agent\/cover$/)(out.req) && request?.gender === 'male' && !('breastSize' in request)) return aibabeError(contracts, 'cover_breast_size_required', body);
    })),
    caught: (f) => f.check === 'cover_parameters' && f.pointer === '/breastSize' && f.received.startsWith('400 cover_breast_size_required'),
  },
  {
    name: 'a conversation accepted for another agent (aibabe limits.requireKnownConversation off)',
    upstream: 'aibabe',
    check: 'conversation_scope',
    cases: isState('conversation-of-other-agent'),
    mock: editedMocks('aibabe', (mocks) => {
      (mocks.limits as Record<string, unknown>).requireKnownConversation = false;
    }),
    caught: (f) => f.check === 'conversation_scope' && f.pointer === '/conversationId' && f.received.startsWith('200 accepted'),
  },
  {
    name: "a task readable with another key (chatfire polls answered as the creator's)",
    upstream: 'chatfire',
    check: 'key_isolation',
    cases: isSeedCreate,
    wrap: (app, { demo }) => withRequestEdit(app, (req) => {
      if (isPath('GET', /^\/v1\/images\/generations\//)(req)) req.headers.authorization = `Bearer ${demo.apiKey}`;
    }),
    caught: (f) => f.check === 'key_isolation' && f.pointer === '/task_id' && f.received.startsWith('200'),
  },
  {
    name: 'a signed file URL that never expires (Dify signing.filesAccessTimeoutSeconds of 30 years)',
    upstream: 'dify',
    check: 'link_expiry',
    cases: isState('tool-file-expiry'),
    mock: editedMocks('dify', (mocks) => {
      (mocks.signing as Record<string, unknown>).filesAccessTimeoutSeconds = 30 * 365 * 24 * 60 * 60;
    }),
    caught: (f) => f.check === 'link_expiry' && f.operationId === 'getToolFile' && f.received.startsWith('200'),
  },
  {
    name: 'file signatures not verified (Dify serves a tool file whatever its sign)',
    upstream: 'dify',
    check: 'signed_file_url',
    cases: isRun('blocking'),
    wrap: (app) => {
      // Every later request for a file is sent on with the query string its first request had.
      const issued = new Map<string, string>();
      return withRequestEdit(app, (req) => {
        if (!isPath('GET', /^\/files\/tools\//)(req)) return;
        const [path = '', query = ''] = req.url.split('?');
        const first = issued.get(path) ?? query;
        issued.set(path, first);
        req.url = `${path}?${first}`;
      });
    },
    caught: (f) => f.check === 'signed_file_url' && f.pointer === 'query/sign' && f.received.startsWith('200'),
  },
  {
    name: 'an unsigned file URL (Dify outputs.files[].url without timestamp/nonce/sign)',
    upstream: 'dify',
    check: 'signed_file_url',
    // The schema states the signed query string, and the unsigned URL is refused where an answer was expected.
    alsoCaughtBy: ['response_schema_conformance', 'expected_outcome'],
    cases: isRun('blocking'),
    wrap: (app) => withResponseTransform(app, jsonTransform((body) => {
      const files = ((body.data as { outputs?: { files?: { url?: string }[] } } | undefined)?.outputs?.files) ?? [];
      for (const file of files) if (file.url) file.url = file.url.split('?')[0];
    })),
    caught: (f) => f.check === 'signed_file_url' || (f.check === 'response_schema_conformance' && f.pointer.endsWith('/url')),
  },
  // --- headers ---
  {
    name: 'image downloads without Content-Length (chatfire, chunked)',
    upstream: 'chatfire',
    check: 'response_headers',
    cases: isSeedCreate,
    wrap: (app) => withResponseTransform(app, (out) => (out.contentType.startsWith('image/png') ? { headers: { 'Content-Length': null } } : undefined)),
    caught: (f) => f.check === 'response_headers' && f.operationId === 'downloadImage' && f.pointer === 'header:Content-Length',
  },
];

/** Passes an event stream through without its workflow_finished event and never ends it. */
function withHeldOpenStream(app: RequestListener): RequestListener {
  const outer = express();
  outer.use(function holdStreamOpen(_req: Request, res: Response, next: NextFunction) {
    const write = res.write.bind(res) as (chunk: unknown, encoding?: unknown) => boolean;
    const end = res.end.bind(res) as (chunk?: unknown) => Response;
    const streaming = () => String(res.getHeader('content-type') ?? '').includes('text/event-stream');
    res.write = ((chunk: unknown, encoding?: unknown) => (streaming() && String(chunk).includes('"workflow_finished"') ? true : write(chunk, encoding))) as Response['write'];
    res.end = ((chunk?: unknown) => (streaming() ? res : end(chunk))) as Response['end'];
    next();
  });
  outer.use(app as unknown as express.RequestHandler);
  return outer as unknown as RequestListener;
}
