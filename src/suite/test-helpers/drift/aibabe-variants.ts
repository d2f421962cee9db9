/** aibabe's broken variants: envelopes, signatures, images, covers and conversations. */
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import sharp from 'sharp';
import { signRequest } from '../../../auth/index.js';
import type { ContractRegistry } from '../../../contracts/index.js';
import { PNG_DATA_URL_PREFIX } from '../../../imaging/png-text.js';
import type { DriftVariant } from './drift-variant.js';
import { editedMocks } from './edited-mocks.js';
import { withPrefer } from './request-edit.js';
import { jsonTransform, withResponseTransform } from './response-transform.js';
import { isPath, isState, pointerHas } from './selectors.js';

/** An aibabe error envelope with the catalogue entry's code, success and message, keeping the answer's traceId and timestamp. */
function aibabeError(contracts: ContractRegistry, id: string, body: Record<string, unknown>): { status: number } {
  const entry = contracts.upstream('aibabe').errors.entry(id);
  Object.assign(body, entry.body, { data: null });
  return { status: entry.status };
}

export const AIBABE_DRIFT_VARIANTS: DriftVariant[] = [
  // --- shapes, statuses and media types ---
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
  // --- state across calls ---
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
];
