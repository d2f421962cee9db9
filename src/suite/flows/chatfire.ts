/**
 * chatfire: Bearer tokens, asynchronous tasks polled until they end, image links downloaded.
 * A created task is polled (getImageGeneration, then once more with getTask) until completed or
 * failed; each image link that points at the contract's downloadImage route is fetched.
 */
import { isObject } from '../schema-walk.js';
import type { AuthMode, Exchange, ExchangeNotes, SuiteCase } from '../types.js';
import type { FlowSession, PathInput, UpstreamFlow } from './flow.js';
import { randomHex, requireCredential, splitUrl } from './flow-helpers.js';

const DEFAULT_SIZE = '1024x1024';
const POLL_INTERVAL_SIM_MS = 1000;
const POLL_DEADLINE_SIM_MS = 600_000;
const FINAL_STATES = new Set(['completed', 'failed']);
const DOWNLOAD_PATH = /^\/v1\/files\/images\/([^/]+)$/;
const INVALID_TOKEN = 'sk-pixmock-suite-invalid-token';

export const chatfireFlow: UpstreamFlow = {
  upstream: 'chatfire',
  credentialEnv: { apiKey: 'CHATFIRE_API_KEY' },
  secretCredentials: ['apiKey'],
  generationOperations: ['createImageGeneration'],
  followUpOnly: ['getImageGeneration', 'getTask', 'downloadImage'],
  positiveViaFollowUp: [],
  rateLimitErrorIds: ['rate_limited'],

  authFailures: () => [
    { mode: { kind: 'missing-token' }, errorIds: ['unauthorized_missing_token'] },
    // one-api strips "Bearer " and looks the rest up, so another scheme is an unknown token.
    { mode: { kind: 'bad-scheme' }, errorIds: ['unauthorized_invalid_token', 'unauthorized_missing_token'] },
    { mode: { kind: 'invalid-token' }, errorIds: ['unauthorized_invalid_token'] },
  ],

  authorize(request, mode: AuthMode, session) {
    const apiKey = requireCredential(session.credentials, 'apiKey', 'chatfire');
    if (mode.kind === 'missing-token' || mode.kind === 'none') return;
    if (mode.kind === 'bad-scheme') request.headers.Authorization = `Basic ${apiKey}`;
    else if (mode.kind === 'invalid-token') request.headers.Authorization = `Bearer ${INVALID_TOKEN}`;
    else request.headers.Authorization = `Bearer ${apiKey}`;
  },

  async prepare() {
    return {};
  },

  async followUp(suiteCase, primary, session) {
    if (suiteCase.operationId !== 'createImageGeneration') return;
    const request = suiteCase.body as Record<string, unknown>;
    const expected = expectations(request);
    const created = primary.response?.json;
    if (!isObject(created)) return;
    if (Array.isArray(created.data)) {
      // OpenAI compatibility shape: finished synchronously.
      primary.notes.images = created.data.flatMap((item, i) => (isObject(item) && typeof item.b64_json === 'string' ? [{ pointer: `/data/${i}/b64_json`, encoding: 'base64' as const }] : []));
      primary.notes.imageSize = expected.imageSize;
      for (const item of created.data) if (isObject(item) && typeof item.url === 'string') await download(item.url, expected, session);
      return;
    }
    if (typeof created.task_id !== 'string') return;
    annotateTask(primary, expected);
    const taskId = created.task_id;
    const deadline = performance.now() + session.wallMs(POLL_DEADLINE_SIM_MS, 20_000);
    let last: Exchange = primary;
    let polls = 0;
    while (!FINAL_STATES.has(String((last.response?.json as Record<string, unknown> | undefined)?.status)) && performance.now() < deadline) {
      await session.sleep(session.wallMs(POLL_INTERVAL_SIM_MS, 5));
      last = await session.send({ operationId: 'getImageGeneration', role: 'poll', pathParams: { task_id: taskId }, expect: { kind: 'accepted' } });
      annotateTask(last, expected);
      polls += 1;
      if (polls % 5 === 0) session.progress(`task ${taskId} ${String((last.response?.json as Record<string, unknown> | undefined)?.status)} after ${polls} polls`);
      if (!last.response || last.response.status !== 200) return;
    }
    const final = await session.send({ operationId: 'getTask', role: 'poll', pathParams: { task_id: taskId }, expect: { kind: 'accepted' } });
    annotateTask(final, expected);
    const task = final.response?.json;
    if (!isObject(task) || task.status !== 'completed' || !Array.isArray(task.images)) return;
    for (const image of task.images) {
      if (!isObject(image)) continue;
      for (const key of ['url', 'oss_url'] as const) if (typeof image[key] === 'string') await download(image[key], expected, session);
    }
  },

  unknownPathParams(operationId, { random }): PathInput | undefined {
    const taskId = `img_${randomHex(random, 24)}`;
    if (operationId === 'downloadImage') return { pathParams: { image_file: `${taskId}-0.png` } };
    return { pathParams: { task_id: taskId } };
  },
};

interface TaskExpectations {
  imageSize: { width: number; height: number };
  imageCount: number;
  echo: { pointer: string; value: unknown }[];
}

function expectations(request: Record<string, unknown>): TaskExpectations {
  const [width = 0, height = 0] = String(request.size ?? DEFAULT_SIZE).split('x').map(Number);
  return {
    imageSize: { width, height },
    imageCount: typeof request.n === 'number' ? request.n : 1,
    echo: [
      { pointer: '/model', value: request.model },
      { pointer: '/prompt', value: request.prompt },
      { pointer: '/response_format', value: request.response_format ?? 'url' },
    ],
  };
}

/** Sets the notes the checks need once the task body is known. */
function annotateTask(exchange: Exchange, expected: TaskExpectations): void {
  const task = exchange.response?.json;
  if (!isObject(task) || typeof task.status !== 'string') return;
  const notes: ExchangeNotes = exchange.notes;
  notes.task = { imageCount: expected.imageCount };
  notes.echo = [...expected.echo];
  notes.imageSize = expected.imageSize;
  if (task.status === 'completed' && Array.isArray(task.images)) {
    notes.images = [];
    task.images.forEach((image, i) => {
      if (!isObject(image)) return;
      notes.echo?.push({ pointer: `/images/${i}/width`, value: expected.imageSize.width }, { pointer: `/images/${i}/height`, value: expected.imageSize.height });
      if (typeof image.b64_json === 'string') notes.images?.push({ pointer: `/images/${i}/b64_json`, encoding: 'base64' });
    });
  }
}

async function download(url: string, expected: TaskExpectations, session: FlowSession): Promise<void> {
  const { path } = splitUrl(url);
  const file = DOWNLOAD_PATH.exec(path)?.[1];
  if (!file) {
    session.progress(`image link ${url} is outside the contract's downloadImage route; not fetched`);
    return;
  }
  await session.send({
    operationId: 'downloadImage',
    role: 'download',
    pathParams: { image_file: decodeURIComponent(file) },
    expect: { kind: 'accepted' },
    notes: { images: [{ pointer: '', encoding: 'body' }], imageSize: expected.imageSize },
  });
}

export type { SuiteCase };
