/**
 * Dify: Bearer app keys, a workflow run answered as one JSON body (blocking) or as server-sent
 * events (streaming, validated as they arrive), the run read back (and, with a second app key,
 * not found), and signed tool-file URLs that must work as issued, fail once tampered with, and
 * (the state case) fail once their 300 s have passed.
 */
import { isObject } from '../schema-walk.js';
import type { AuthMode, Exchange } from '../types.js';
import { createWorkflowStreamValidator } from './dify-workflow-stream.js';
import type { FlowSession, PathInput, UpstreamFlow } from './flow.js';
import { EXPIRY_MARGIN_MS, randomHex, randomUuid, requireCredential, splitUrl, tamper, TINY_PNG } from './flow-helpers.js';

const SUITE_USER = 'pixmock-suite';
const INVALID_KEY = 'app-pixmock-suite-invalid';
const TOOL_FILE_PATH = /^\/files\/tools\/([^/]+)$/;

export const difyFlow: UpstreamFlow = {
  upstream: 'dify',
  credentialEnv: { apiKey: 'DIFY_API_KEY' },
  optionalCredentialEnv: { otherApiKey: 'DIFY_OTHER_API_KEY' },
  secretCredentials: ['apiKey', 'otherApiKey'],
  generationOperations: ['runWorkflow'],
  followUpOnly: ['getWorkflowRun', 'getToolFile'],
  positiveViaFollowUp: [],
  rateLimitErrorIds: ['too_many_requests', 'rate_limit_error'],
  stateCases: [
    { probe: 'tool-file-expiry', operationId: 'runWorkflow', title: 'a signed file URL stops working 300 s after its timestamp', expect: 'accepted', phase: 'clock' },
  ],

  authFailures: () => [
    { mode: { kind: 'missing-token' }, errorIds: ['unauthorized_missing_header'] },
    { mode: { kind: 'bad-scheme' }, errorIds: ['unauthorized_bad_scheme'] },
    { mode: { kind: 'invalid-token' }, errorIds: ['unauthorized_invalid_token'] },
  ],

  authorize(request, mode: AuthMode, session) {
    if (mode.kind === 'missing-token' || mode.kind === 'none') return;
    const apiKey = requireCredential(session.credentials, 'apiKey', 'dify');
    if (mode.kind === 'bad-scheme') request.headers.Authorization = `Basic ${apiKey}`;
    else if (mode.kind === 'invalid-token') request.headers.Authorization = `Bearer ${INVALID_KEY}`;
    else if (mode.kind === 'other-key') request.headers.Authorization = `Bearer ${requireCredential(session.credentials, 'otherApiKey', 'dify')}`;
    else request.headers.Authorization = `Bearer ${apiKey}`;
  },

  async prepare(suiteCase) {
    if (suiteCase.operationId === 'runWorkflow' && isObject(suiteCase.body)) {
      return { notes: { responseMode: String(suiteCase.body.response_mode) } };
    }
    return {};
  },

  streams: (body) => isObject(body) && body.response_mode === 'streaming',
  createStreamValidator: createWorkflowStreamValidator,

  async followUp(suiteCase, primary, session) {
    if (suiteCase.operationId !== 'runWorkflow') return;
    const { runId, files } = runOutputs(primary);
    if (runId) {
      await session.send({ operationId: 'getWorkflowRun', role: 'read-run', pathParams: { workflow_run_id: runId }, expect: { kind: 'accepted' } });
      await readWithOtherKey(runId, session);
    }
    for (const url of files) await checkToolFile(url, session);
    if (suiteCase.probe === 'tool-file-expiry') await fetchAfterExpiry(files[0], session);
  },

  positiveForm: (operationId) => (operationId === 'uploadFile' ? { file: TINY_PNG, user: SUITE_USER } : undefined),

  unknownPathParams(operationId, { random }): PathInput | undefined {
    switch (operationId) {
      case 'getWorkflowRun': return { pathParams: { workflow_run_id: randomUuid(random) } };
      case 'stopWorkflowTask': return { pathParams: { task_id: randomUuid(random) } };
      case 'getToolFile':
        return {
          pathParams: { file_name: `${randomUuid(random)}.png` },
          query: { timestamp: '1767225600', nonce: randomHex(random, 32), sign: 'cGl4bW9jay1zdWl0ZS1ub3QtYS1zaWduYXR1cmU=' },
        };
      default: return undefined;
    }
  },
};

/** The run id and file URLs of a blocking body or of a stream's workflow_finished event. */
function runOutputs(primary: Exchange): { runId?: string; files: string[] } {
  const finished = primary.notes.sse?.events.find((e) => e.event === 'workflow_finished')?.data;
  const body = primary.notes.sse ? finished : primary.response?.json;
  if (!isObject(body)) return { files: [] };
  const data = isObject(body.data) ? body.data : {};
  const outputs = isObject(data.outputs) ? data.outputs : {};
  const files = Array.isArray(outputs.files) ? outputs.files.flatMap((f) => (isObject(f) && typeof f.url === 'string' ? [f.url] : [])) : [];
  return { runId: typeof body.workflow_run_id === 'string' ? body.workflow_run_id : undefined, files };
}

/** Reads the run with another app's key: a run of one app is not found with another's. */
async function readWithOtherKey(runId: string, session: FlowSession): Promise<void> {
  if (!session.credentials.otherApiKey) {
    session.note('key isolation of Dify runs not checked: the target has no second app key (set DIFY_OTHER_API_KEY)');
    return;
  }
  const exchange = await session.send({ operationId: 'getWorkflowRun', role: 'other-key', pathParams: { workflow_run_id: runId }, auth: { kind: 'other-key' }, notes: { probe: { name: 'run-of-other-key', pointer: '/workflow_run_id' } } });
  if (exchange.response?.status === 401 || exchange.response?.status === 403) {
    delete exchange.notes.probe;
    session.note(`key isolation of Dify runs not checked: the second app key was refused (${exchange.response.status})`);
  }
}

/** Fetches a tool-file URL again once the target's clock is past its timestamp plus the documented window. */
async function fetchAfterExpiry(url: string | undefined, session: FlowSession): Promise<void> {
  const ttlMs = session.promises.state.probes['tool-file-expiry']?.ttlMs;
  const { path, query } = url ? splitUrl(url) : { path: '', query: {} as Record<string, string> };
  const fileName = TOOL_FILE_PATH.exec(path)?.[1];
  const issuedAt = Number(query.timestamp);
  if (!fileName || ttlMs === undefined || !Number.isFinite(issuedAt)) return;
  const reached = await session.waitForClock(issuedAt * 1000 + ttlMs + EXPIRY_MARGIN_MS, 'Dify tool-file URL expiry');
  if ('skipped' in reached) {
    session.note(reached.skipped);
    return;
  }
  await session.send({ operationId: 'getToolFile', role: 'expired-url', pathParams: { file_name: decodeURIComponent(fileName) }, query, notes: { probe: { name: 'tool-file-expiry', pointer: '/data/outputs/files/0/url' } } });
}

async function checkToolFile(url: string, session: FlowSession): Promise<void> {
  const { path, query } = splitUrl(url);
  const fileName = TOOL_FILE_PATH.exec(path)?.[1];
  if (!fileName) return;
  const pathParams = { file_name: decodeURIComponent(fileName) };
  await session.send({ operationId: 'getToolFile', role: 'signed-url', pathParams, query, expect: { kind: 'accepted' }, notes: { fileUrl: 'valid', images: [{ pointer: '', encoding: 'body' }] } });
  const tampered: Record<string, string> = { ...query, sign: query.sign ? tamper(query.sign) : 'cGl4bW9jay1zdWl0ZS10YW1wZXJlZA==' };
  if (!query.timestamp) tampered.timestamp = String(Math.floor(session.now() / 1000));
  if (!query.nonce) tampered.nonce = randomHex(() => session.random(), 32);
  // signed_file_url judges the answer (403 exactly), so the generic expectation stays 'conforms'.
  await session.send({ operationId: 'getToolFile', role: 'tampered-url', pathParams, query: tampered, notes: { fileUrl: 'tampered' } });
}
