/**
 * aibabe: every request signed (HMAC-SHA256 over method, path, timestamp, user and the canonical
 * body), chat images need a conversation first, covers become agents. Runtime ids (agent,
 * conversation, reference image) replace the placeholders of the documented examples.
 */
import { AIBABE_AUTH_HEADERS, signRequest } from '../../auth/index.js';
import { isObject } from '../schema-walk.js';
import type { AuthMode, SuiteCase } from '../types.js';
import type { FlowSession, PreparedRequest, UpstreamFlow } from './flow.js';
import { removeHeader, requireCredential, tamper, TINY_PNG } from './flow-helpers.js';

const EXPIRED_BY_SECONDS = 600;
const UNKNOWN_KEY = { apiKey: 'pk_pixmock_suite_unknown', apiSecret: 'sk_pixmock_suite_unknown' };

export const aibabeFlow: UpstreamFlow = {
  upstream: 'aibabe',
  credentialEnv: { apiKey: 'AIBABE_API_KEY', apiSecret: 'AIBABE_API_SECRET', userId: 'AIBABE_USER_ID', agentId: 'AIBABE_AGENT_ID' },
  secretCredentials: ['apiKey', 'apiSecret'],
  generationOperations: ['chatImage', 'agentCover'],
  followUpOnly: [],
  positiveViaFollowUp: ['createAgent'],
  rateLimitErrorIds: ['rate_limited'],

  authFailures: () => [
    ...AIBABE_AUTH_HEADERS.map((header) => ({ mode: { kind: 'missing-header', header } as AuthMode, errorIds: ['unauthorized_missing_header'] })),
    { mode: { kind: 'expired-timestamp' }, errorIds: ['unauthorized_timestamp_expired'] },
    { mode: { kind: 'unknown-key' }, errorIds: ['unauthorized_unknown_key'] },
    { mode: { kind: 'bad-signature' }, errorIds: ['unauthorized_bad_signature'] },
    { mode: { kind: 'replayed-request' }, errorIds: ['unauthorized_replayed_request'] },
  ],

  authorize(request, mode, session) {
    if (mode.kind === 'none') return;
    const key = mode.kind === 'unknown-key'
      ? UNKNOWN_KEY
      : { apiKey: requireCredential(session.credentials, 'apiKey', 'aibabe'), apiSecret: requireCredential(session.credentials, 'apiSecret', 'aibabe') };
    const nowSeconds = Math.floor(session.now() / 1000);
    const headers = signRequest({
      ...key,
      userId: requireCredential(session.credentials, 'userId', 'aibabe'),
      method: request.method,
      path: request.path,
      query: request.query,
      body: request.form ? undefined : request.json,
      isMultipart: request.form !== undefined,
      timestamp: mode.kind === 'expired-timestamp' ? nowSeconds - EXPIRED_BY_SECONDS : nowSeconds,
      randomId: () => Array.from({ length: 32 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.charAt(Math.floor(session.random() * 62))).join(''),
    });
    if (request.form) delete headers['Content-Type'];
    Object.assign(request.headers, headers);
    if (mode.kind === 'bad-signature') request.headers['X-Signature'] = tamper(headers['X-Signature'] ?? '');
    if (mode.kind === 'missing-header') removeHeader(request, mode.header);
  },

  async prepare(suiteCase, session): Promise<PreparedRequest> {
    if (suiteCase.auth.kind !== 'valid' && suiteCase.auth.kind !== 'replayed-request') return {};
    if (!isObject(suiteCase.body)) return {};
    const body = structuredClone(suiteCase.body);
    const agentId = requireCredential(session.credentials, 'agentId', 'aibabe');
    if ('agentId' in body) body.agentId = agentId;
    if (suiteCase.operationId === 'chatImage') {
      body.conversationId = await conversationFor(agentId, session);
      return {
        body,
        notes: { images: [{ pointer: '/data/base64Image', encoding: 'data-url' }], echo: [{ pointer: '/data/metadata', value: isObject(body.metadata) ? body.metadata : {} }] },
      };
    }
    if ('refImageId' in body) body.refImageId = await referenceImage(session);
    if (suiteCase.operationId === 'agentCover') return { body, notes: { images: [{ pointer: '/data/imageData', encoding: 'data-url' }] } };
    return { body };
  },

  async followUp(suiteCase, primary, session) {
    if (suiteCase.operationId !== 'agentCover') return;
    const response = primary.response?.json;
    const coverId = isObject(response) && isObject(response.data) ? response.data.coverId : undefined;
    if (typeof coverId !== 'string' || !isObject(suiteCase.body)) return;
    const cover = suiteCase.body;
    const example = documentedExample(session, 'createAgent');
    const body: Record<string, unknown> = { ...example, ...cover, coverId };
    if ('refImageId' in cover) body.refImageId = await referenceImage(session);
    if (cover.gender !== 'female') {
      delete body.breastSize;
      delete body.buttSize;
    }
    await session.send({ operationId: 'createAgent', role: 'create-agent', json: body, expect: { kind: 'conforms' } });
  },

  positiveForm: (operationId) => (operationId === 'uploadReferenceImage' ? { file: TINY_PNG } : undefined),

  unknownPathParams: () => undefined,
};

async function conversationFor(agentId: string, session: FlowSession): Promise<string> {
  const key = `conversation:${agentId}`;
  const cached = session.cache.get(key);
  if (typeof cached === 'string') return cached;
  const exchange = await session.send({ operationId: 'createConversation', role: 'setup', json: { agentId }, expect: { kind: 'accepted' } });
  const body = exchange.response?.json;
  const conversationId = isObject(body) && isObject(body.data) ? body.data.conversationId : undefined;
  if (typeof conversationId !== 'string') throw new Error('Failed to prepare chatImage: createConversation returned no data.conversationId (see its findings).');
  session.cache.set(key, conversationId);
  return conversationId;
}

async function referenceImage(session: FlowSession): Promise<string> {
  const cached = session.cache.get('refImageId');
  if (typeof cached === 'string') return cached;
  const exchange = await session.send({ operationId: 'uploadReferenceImage', role: 'setup', form: { file: TINY_PNG }, expect: { kind: 'accepted' } });
  const body = exchange.response?.json;
  const refImageId = isObject(body) && isObject(body.data) ? body.data.refImageId : undefined;
  if (typeof refImageId !== 'string') throw new Error('Failed to prepare: uploadReferenceImage returned no data.refImageId (see its findings).');
  session.cache.set('refImageId', refImageId);
  return refImageId;
}

function documentedExample(session: FlowSession, operationId: string): Record<string, unknown> {
  const raw = session.contracts.operation('aibabe', operationId).raw;
  const media = ((raw.requestBody as Record<string, unknown> | undefined)?.content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
  const first = Object.values((media?.examples ?? {}) as Record<string, { value?: unknown }>)[0]?.value;
  return isObject(first) ? structuredClone(first) : {};
}

export type { SuiteCase };
