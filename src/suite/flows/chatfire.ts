/**
 * chatfire: Bearer tokens, asynchronous tasks polled until they end, image links downloaded.
 * A created task is read once with a second key when the target has one (it must not be found),
 * then polled (getImageGeneration, then once more with getTask) until completed or failed or its
 * budget (latency-bounds.json `completion`) runs out; each image link that points at the
 * contract's downloadImage route is fetched, and the state case fetches one again after its
 * expires_at.
 */
import { valueAt } from '../pointer-values.js';
import { isObject } from '../schema-walk.js';
import type { AuthMode, Exchange, ExchangeNotes, SuiteCase } from '../types.js';
import type { FlowSession, PathInput, UpstreamFlow } from './flow.js';
import { COMPLETION_FLOOR_WALL_MS, EXPIRY_MARGIN_MS, randomHex, requireCredential, splitUrl } from './flow-helpers.js';

const DEFAULT_SIZE = '1024x1024';
const POLL_INTERVAL_SIM_MS = 1000;
const DOWNLOAD_PATH = /^\/v1\/files\/images\/([^/]+)$/;
const INVALID_TOKEN = 'sk-pixmock-suite-invalid-token';

export const chatfireFlow: UpstreamFlow = {
  upstream: 'chatfire',
  credentialEnv: { apiKey: 'CHATFIRE_API_KEY' },
  optionalCredentialEnv: { otherApiKey: 'CHATFIRE_OTHER_API_KEY' },
  secretCredentials: ['apiKey', 'otherApiKey'],
  generationOperations: ['createImageGeneration'],
  followUpOnly: ['getImageGeneration', 'getTask', 'downloadImage'],
  positiveViaFollowUp: [],
  rateLimitErrorIds: ['rate_limited'],
  stateCases: [
    { probe: 'image-link-expiry', operationId: 'createImageGeneration', title: 'an image link stops working at its expires_at', expect: 'accepted', phase: 'clock' },
  ],

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
    else if (mode.kind === 'other-key') request.headers.Authorization = `Bearer ${requireCredential(session.credentials, 'otherApiKey', 'chatfire')}`;
    else request.headers.Authorization = `Bearer ${apiKey}`;
  },

  async prepare(suiteCase, session) {
    if (suiteCase.probe === 'image-link-expiry') {
      // Checked before the generation is paid for: its expires_at is only known from the answer.
      const skip = session.unreachableWait(session.promises.state.probes['image-link-expiry']?.ttlMs ?? 0, 'chatfire image link expiry');
      if (skip) return { skip };
    }
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
      for (const item of created.data) if (isObject(item) && typeof item.url === 'string') await download(item.url, expected, session, undefined);
      return;
    }
    if (typeof created.task_id !== 'string') return;
    annotateTask(primary, expected);
    const taskId = created.task_id;
    await readWithOtherKey(taskId, session);
    const completion = session.latencyBounds.chatfire?.createImageGeneration?.completion;
    const states = session.promises.completion.chatfire?.createImageGeneration;
    if (!completion || !states) throw new Error('Failed to poll a chatfire task: give chatfire.createImageGeneration a completion budget (fixtures/suite/latency-bounds.json) and its final states (fixtures/suite/promises.json completion).');
    const ended = (exchange: Exchange) => states.final.includes(String(valueAt(exchange.response?.json, states.pointer)));
    const started = performance.now();
    const budgetWallMs = session.wallMs(completion.maxMs, COMPLETION_FLOOR_WALL_MS);
    let polls = 0;
    const progress = (exchange: Exchange) => {
      exchange.notes.progress = { resource: taskId, polls, elapsedWallMs: performance.now() - started, budgetWallMs, budgetSimMs: completion.maxMs, source: completion.source };
    };
    let last: Exchange = primary;
    while (!ended(last) && performance.now() - started < budgetWallMs) {
      await session.sleep(session.wallMs(POLL_INTERVAL_SIM_MS, 5));
      polls += 1;
      last = await session.send({ operationId: 'getImageGeneration', role: 'poll', pathParams: { task_id: taskId }, expect: { kind: 'accepted' } });
      annotateTask(last, expected);
      progress(last);
      if (polls % 5 === 0) session.progress(`task ${taskId} ${String((last.response?.json as Record<string, unknown> | undefined)?.status)} after ${polls} polls`);
      if (!last.response || last.response.status !== 200) return;
    }
    polls += 1;
    const final = await session.send({ operationId: 'getTask', role: 'poll', pathParams: { task_id: taskId }, expect: { kind: 'accepted' } });
    annotateTask(final, expected);
    progress(final);
    const task = final.response?.json;
    if (!isObject(task) || task.status !== 'completed' || !Array.isArray(task.images)) return;
    const links: { url: string; expiresAt?: number }[] = [];
    for (const image of task.images) {
      if (!isObject(image)) continue;
      const expiresAt = typeof image.expires_at === 'number' ? image.expires_at : undefined;
      for (const key of ['url', 'oss_url'] as const) {
        if (typeof image[key] !== 'string') continue;
        links.push({ url: image[key], expiresAt });
        await download(image[key], expected, session, expiresAt);
      }
    }
    if (suiteCase.probe === 'image-link-expiry') await downloadAfterExpiry(links[0], session);
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

async function download(url: string, expected: TaskExpectations, session: FlowSession, expiresAt: number | undefined): Promise<void> {
  const file = imageFileOf(url, session);
  if (!file) return;
  await session.send({
    operationId: 'downloadImage',
    role: 'download',
    pathParams: { image_file: file },
    expect: { kind: 'accepted' },
    notes: { images: [{ pointer: '', encoding: 'body' }], imageSize: expected.imageSize, ...(expiresAt === undefined ? {} : { expiresAt }) },
  });
}

/** The downloadImage file name of an image link, or undefined (with a progress note) for a link elsewhere. */
function imageFileOf(url: string, session: FlowSession): string | undefined {
  const file = DOWNLOAD_PATH.exec(splitUrl(url).path)?.[1];
  if (!file) session.progress(`image link ${url} is outside the contract's downloadImage route; not fetched`);
  return file === undefined ? undefined : decodeURIComponent(file);
}

/** Reads the task with a second key of the same upstream: what one key created, another must not find. */
async function readWithOtherKey(taskId: string, session: FlowSession): Promise<void> {
  if (!session.credentials.otherApiKey) {
    session.note('key isolation of chatfire tasks not checked: the target has no second key (set CHATFIRE_OTHER_API_KEY)');
    return;
  }
  const exchange = await session.send({ operationId: 'getImageGeneration', role: 'other-key', pathParams: { task_id: taskId }, auth: { kind: 'other-key' }, notes: { probe: { name: 'task-of-other-key', pointer: '/task_id' } } });
  if (exchange.response?.status === 401) {
    delete exchange.notes.probe;
    session.note('key isolation of chatfire tasks not checked: the second key was refused (401)');
  }
}

/** Fetches an image link again once the target's clock is past its expires_at. */
async function downloadAfterExpiry(link: { url: string; expiresAt?: number } | undefined, session: FlowSession): Promise<void> {
  const file = link && imageFileOf(link.url, session);
  if (!link || !file || link.expiresAt === undefined) return;
  const reached = await session.waitForClock(link.expiresAt * 1000 + EXPIRY_MARGIN_MS, 'chatfire image link expiry');
  if ('skipped' in reached) {
    session.note(reached.skipped);
    return;
  }
  await session.send({ operationId: 'downloadImage', role: 'expired-link', pathParams: { image_file: file }, notes: { probe: { name: 'image-link-expiry', pointer: '/images/0/url' } } });
}

export type { SuiteCase };
