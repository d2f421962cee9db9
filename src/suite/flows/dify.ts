/**
 * Dify: Bearer app keys, a workflow run answered as one JSON body (blocking) or as server-sent
 * events (streaming, validated as they arrive), and signed tool-file URLs that must work as
 * issued and fail once tampered with.
 */
import { isObject } from '../schema-walk.js';
import type { AuthMode, Exchange } from '../types.js';
import type { FlowSession, PathInput, UpstreamFlow } from './flow.js';
import { randomHex, randomUuid, requireCredential, splitUrl, tamper, TINY_PNG } from './flow-helpers.js';

const SUITE_USER = 'pixmock-suite';
const INVALID_KEY = 'app-pixmock-suite-invalid';
const TOOL_FILE_PATH = /^\/files\/tools\/([^/]+)$/;

export const difyFlow: UpstreamFlow = {
  upstream: 'dify',
  credentialEnv: { apiKey: 'DIFY_API_KEY' },
  secretCredentials: ['apiKey'],
  generationOperations: ['runWorkflow'],
  followUpOnly: ['getWorkflowRun', 'getToolFile'],
  positiveViaFollowUp: [],
  rateLimitErrorIds: ['too_many_requests', 'rate_limit_error'],

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
    else request.headers.Authorization = `Bearer ${apiKey}`;
  },

  async prepare(suiteCase) {
    if (suiteCase.operationId === 'runWorkflow' && isObject(suiteCase.body)) {
      return { notes: { responseMode: String(suiteCase.body.response_mode) } };
    }
    return {};
  },

  streams: (body) => isObject(body) && body.response_mode === 'streaming',

  async followUp(suiteCase, primary, session) {
    if (suiteCase.operationId !== 'runWorkflow') return;
    const { runId, files } = runOutputs(primary);
    if (runId) await session.send({ operationId: 'getWorkflowRun', role: 'read-run', pathParams: { workflow_run_id: runId }, expect: { kind: 'accepted' } });
    for (const url of files) await checkToolFile(url, session);
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

async function checkToolFile(url: string, session: FlowSession): Promise<void> {
  const { path, query } = splitUrl(url);
  const fileName = TOOL_FILE_PATH.exec(path)?.[1];
  if (!fileName) return;
  const pathParams = { file_name: decodeURIComponent(fileName) };
  await session.send({ operationId: 'getToolFile', role: 'signed-url', pathParams, query, expect: { kind: 'accepted' }, notes: { fileUrl: 'valid', images: [{ pointer: '', encoding: 'body' }] } });
  const tampered: Record<string, string> = { ...query, sign: query.sign ? tamper(query.sign) : 'cGl4bW9jay1zdWl0ZS10YW1wZXJlZA==' };
  if (!query.timestamp) tampered.timestamp = String(Math.floor(session.now() / 1000));
  if (!query.nonce) tampered.nonce = randomHex(() => session.random(), 32);
  await session.send({ operationId: 'getToolFile', role: 'tampered-url', pathParams, query: tampered, expect: { kind: 'rejected' }, notes: { fileUrl: 'tampered' } });
}
