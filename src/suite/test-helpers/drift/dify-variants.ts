/** Dify's broken variants: media types, errors, runs and their event streams, signed file URLs. */
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { SuiteCase } from '../../types.js';
import type { DriftVariant } from './drift-variant.js';
import { editedMocks } from './edited-mocks.js';
import { withRequestEdit } from './request-edit.js';
import { jsonTransform, sseTransform, withResponseTransform } from './response-transform.js';
import { isPath, isState, pointerHas } from './selectors.js';

const isRun = (mode: string) => (c: SuiteCase) => c.operationId === 'runWorkflow' && c.kind === 'positive' && c.source !== 'state' && (c.body as { response_mode?: string } | undefined)?.response_mode === mode;

export const DIFY_DRIFT_VARIANTS: DriftVariant[] = [
  // --- shapes, statuses and media types ---
  {
    name: 'JSON labelled text/plain (Dify GET /v1/parameters)',
    upstream: 'dify',
    check: 'content_type_conformance',
    cases: (c) => c.operationId === 'getParameters' && c.kind === 'positive',
    wrap: (app) => withResponseTransform(app, (out) => (isPath('GET', /^\/v1\/parameters$/)(out.req) ? { headers: { 'Content-Type': 'text/plain; charset=utf-8' } } : undefined)),
    caught: (f) => f.check === 'content_type_conformance' && f.pointer === 'header:content-type' && f.received.startsWith('text/plain'),
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
  // --- time ---
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
