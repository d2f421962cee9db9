/** chatfire's broken variants: task fields and statuses, images, progress and key isolation. */
import sharp from 'sharp';
import type { SuiteCase } from '../../types.js';
import type { DriftVariant } from './drift-variant.js';
import { withPrefer, withRequestEdit } from './request-edit.js';
import { jsonTransform, withResponseTransform } from './response-transform.js';
import { isPath, pointerHas } from './selectors.js';

const isCreate = (c: SuiteCase) => c.operationId === 'createImageGeneration' && c.kind === 'positive' && c.source !== 'state';
/** The seed's request: one 1024x1024 image as a url link. */
const isSeedCreate = (c: SuiteCase) => isCreate(c) && c.id.endsWith('.example.1');

export const CHATFIRE_DRIFT_VARIANTS: DriftVariant[] = [
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
    name: 'an undocumented status (chatfire task created with 202)',
    upstream: 'chatfire',
    check: 'status_code_conformance',
    cases: isSeedCreate,
    wrap: (app) => withResponseTransform(app, (out) => (isPath('POST', /^\/v1\/images\/generations$/)(out.req) && out.status === 200 ? { status: 202 } : undefined)),
    caught: (f) => f.check === 'status_code_conformance' && f.pointer === 'status' && f.received === '202',
  },
  // --- content ---
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
  // --- state across calls ---
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
