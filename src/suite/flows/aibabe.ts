/**
 * aibabe: every request signed (HMAC-SHA256 over method, path, timestamp, user and the canonical
 * body), chat images need a conversation first, covers become agents. Runtime ids (agent,
 * conversation, reference image) replace the placeholders of the documented examples. A cover's
 * id creates one agent, which then chats, and is refused the second time; the state cases pair a
 * conversation with another agent and use a coverId after its 30 minutes.
 */
import { AIBABE_AUTH_HEADERS, signRequest } from '../../auth/index.js';
import { isObject } from '../schema-walk.js';
import type { AuthMode, SuiteCase } from '../types.js';
import type { FlowSession, PreparedRequest, UpstreamFlow } from './flow.js';
import { EXPIRY_MARGIN_MS, removeHeader, requireCredential, tamper, TINY_PNG } from './flow-helpers.js';

const EXPIRED_BY_SECONDS = 600;
const AGENT_PAGE = { page: 1, pageSize: 100 };
const UNKNOWN_KEY = { apiKey: 'pk_pixmock_suite_unknown', apiSecret: 'sk_pixmock_suite_unknown' };

export const aibabeFlow: UpstreamFlow = {
  upstream: 'aibabe',
  credentialEnv: { apiKey: 'AIBABE_API_KEY', apiSecret: 'AIBABE_API_SECRET', userId: 'AIBABE_USER_ID', agentId: 'AIBABE_AGENT_ID' },
  secretCredentials: ['apiKey', 'apiSecret'],
  generationOperations: ['chatImage', 'agentCover'],
  followUpOnly: [],
  positiveViaFollowUp: ['createAgent'],
  rateLimitErrorIds: ['rate_limited'],
  stateCases: [
    { probe: 'conversation-of-other-agent', operationId: 'chatImage', title: 'a conversation of another agent is refused', expect: 'conforms' },
    { probe: 'cover-male-without-sizes', operationId: 'agentCover', title: 'a male cover from config options codes, without breastSize and buttSize, is accepted', expect: 'conforms' },
    { probe: 'cover-expiry', operationId: 'agentCover', title: 'a coverId is refused once 30 minutes have passed', expect: 'accepted', phase: 'clock' },
  ],

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
    if (suiteCase.probe === 'conversation-of-other-agent') {
      const other = await otherAgent(agentId, session);
      if (!other) return { skip: 'conversation scope not checked: listAgents shows this key and user no second agent' };
      body.conversationId = await conversationFor(other, session);
      return { body, notes: { probe: { name: 'conversation-of-other-agent', pointer: '/conversationId' } } };
    }
    if (suiteCase.operationId === 'chatImage') {
      body.conversationId = await conversationFor(agentId, session);
      return {
        body,
        notes: { images: [{ pointer: '/data/base64Image', encoding: 'data-url' }], echo: [{ pointer: '/data/metadata', value: isObject(body.metadata) ? body.metadata : {} }] },
      };
    }
    if (suiteCase.probe === 'cover-male-without-sizes') return coverFromOptions(suiteCase.probe, session);
    if (suiteCase.probe === 'cover-expiry') {
      const skip = session.unreachableWait(session.promises.state.probes['cover-expiry']?.ttlMs ?? 0, 'coverId expiry');
      if (skip) return { skip };
    }
    if ('refImageId' in body) body.refImageId = await referenceImage(session);
    if (suiteCase.operationId === 'agentCover') return { body, notes: { images: [{ pointer: '/data/imageData', encoding: 'data-url' }] } };
    return { body };
  },

  async followUp(suiteCase, primary, session) {
    if (suiteCase.operationId !== 'agentCover') return;
    const response = primary.response?.json;
    if (!isObject(response) || !isObject(response.data) || typeof response.data.coverId !== 'string' || !isObject(suiteCase.body)) return;
    const coverId = response.data.coverId;
    // That cover's follow-ups would need a male agent's other fields; the normal cover cases create agents.
    if (suiteCase.probe === 'cover-male-without-sizes') return;
    if (suiteCase.probe === 'cover-expiry') {
      // The envelope's timestamp is the server's time (epoch ms) when it issued the coverId; the
      // 30 minutes are the upstream's own time, which a compressed target runs timeScale times faster.
      const issuedAt = Number(response.timestamp);
      const ttlMs = session.promises.state.probes['cover-expiry']?.ttlMs ?? 0;
      const reached = await session.waitForClock(issuedAt + ttlMs / session.timeScale + EXPIRY_MARGIN_MS, 'coverId expiry');
      if ('skipped' in reached) session.note(reached.skipped);
      else await createAgent(await agentBody(coverId, suiteCase.body, session), 'cover-expiry', session);
      return;
    }
    const body = await agentBody(coverId, suiteCase.body, session);
    const created = (await createAgent(body, 'cover-creates-agent', session)).response?.json;
    const newAgentId = isObject(created) && isObject(created.data) ? created.data.agentId : undefined;
    if (typeof newAgentId === 'string') {
      await session.send({ operationId: 'createConversation', role: 'agent-chats', json: { agentId: newAgentId }, notes: { probe: { name: 'agent-chats', pointer: '/agentId' } } });
    }
    await createAgent(body, 'cover-single-use', session);
  },

  positiveForm: (operationId) => (operationId === 'uploadReferenceImage' ? { file: TINY_PNG } : undefined),

  unknownPathParams: () => undefined,
};

/** The createAgent body for a cover: the documented example, the cover's own fields, and its coverId. */
async function agentBody(coverId: string, cover: Record<string, unknown>, session: FlowSession): Promise<Record<string, unknown>> {
  const example = documentedExample(session, 'createAgent');
  const body: Record<string, unknown> = { ...example, ...cover, coverId };
  if ('refImageId' in cover) body.refImageId = await referenceImage(session);
  if (cover.gender !== 'female') {
    delete body.breastSize;
    delete body.buttSize;
  }
  return body;
}

function createAgent(body: Record<string, unknown>, probe: string, session: FlowSession) {
  return session.send({ operationId: 'createAgent', role: probe, json: body, notes: { probe: { name: probe, pointer: '/coverId' } } });
}

/**
 * An agentCover body as the docs tell a client to build it: the probe's own fields (gender), and
 * for every other option field the first code configOptions offers for that gender, leaving out
 * the fields the probe omits.
 */
async function coverFromOptions(probe: string, session: FlowSession): Promise<PreparedRequest> {
  const rule = session.promises.state.probes[probe];
  const raw = session.contracts.operation('aibabe', 'agentCover').raw;
  const fields = (raw['x-pixmock-option-fields'] ?? {}) as Record<string, string>;
  const request = rule?.request ?? {};
  const exchange = await session.send({ operationId: 'configOptions', role: 'setup', json: { namespace: raw['x-pixmock-option-namespace'], ...request }, expect: { kind: 'accepted' } });
  const answer = exchange.response?.json;
  const groups = isObject(answer) && isObject(answer.data) ? answer.data : {};
  const body: Record<string, unknown> = { ...request };
  for (const [field, group] of Object.entries(fields)) {
    if (rule?.omit?.includes(field) || field in body) continue;
    const first = Array.isArray(groups[group]) ? groups[group][0] : undefined;
    if (!isObject(first) || typeof first.code !== 'string') return { skip: `cover parameters not checked: configOptions offers no ${group} code for ${JSON.stringify(request)}` };
    body[field] = first.code;
  }
  return { body, notes: { probe: { name: probe, pointer: `/${rule?.omit?.[0] ?? 'gender'}` }, images: [{ pointer: '/data/imageData', encoding: 'data-url' }] } };
}

/** An agent this key and user can see besides their own, from listAgents. */
async function otherAgent(agentId: string, session: FlowSession): Promise<string | undefined> {
  const exchange = await session.send({ operationId: 'listAgents', role: 'setup', json: AGENT_PAGE, expect: { kind: 'accepted' } });
  const body = exchange.response?.json;
  const items = isObject(body) && isObject(body.data) && Array.isArray(body.data.items) ? body.data.items : [];
  const other = items.find((item) => isObject(item) && typeof item.agentId === 'string' && item.agentId !== agentId);
  return isObject(other) ? String(other.agentId) : undefined;
}

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
