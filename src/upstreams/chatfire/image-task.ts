/**
 * One image generation task and its timeline on the simulated clock. The durations are sampled
 * when the task is created; its status at any moment is computed from the clock, so a manual
 * clock, `POST /__pixmock/clock` and `--time-scale` all move it correctly, with no timers.
 *
 * @example
 * const task = createImageTask(request, { pendingMs: 600, processingMs: 6000 }, { now, toClockMs, ids, random });
 * statusAt(task, now + 700); // 'processing'
 */
import type { Random } from '../../sim/random.js';
import type { TaskFailure } from './chatfire-mocks.js';

export type TaskStatus = 'pending' | 'processing' | 'completed' | 'failed';
export type ResponseFormat = 'url' | 'b64_json' | 'oss_url';

const TASK_ID_PREFIX = 'img_';
const TASK_ID_LENGTH = 24;
const TASK_ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface TaskInput {
  model: string;
  prompt: string;
  n: number;
  size: string;
  responseFormat: ResponseFormat;
  reference?: ReferenceImage;
}

export interface ReferenceImage {
  /** The url as sent, a data: URL cut short. */
  shown: string;
  /** True when the mock read the image (a data: URL or one of its own links). */
  fetched: boolean;
}

/** How the task will run, in simulated milliseconds. */
export interface TaskPlan {
  pendingMs: number;
  processingMs: number;
  failure?: { name: string } & Pick<TaskFailure, 'failAt'>;
  /** Stays processing for ever (the task_never_completes behaviour). */
  endless?: boolean;
}

export interface ImageTask extends TaskInput {
  id: string;
  width: number;
  height: number;
  /** Clock milliseconds. */
  createdAt: number;
  processingAt: number;
  /** When and how the task ends; absent for a task that never ends. */
  end?: { status: 'completed' | 'failed'; at: number; failure?: string };
  /** Image i is rendered with seed imageSeed + i. */
  imageSeed: number;
  /** Simulated milliseconds from creation to its end; 0 for a task that never ends. */
  runMs: number;
  /** The token that created the task: only it can poll the task (new-api looks a task up by user and id). */
  owner?: string;
}

export interface TaskClock {
  now: number;
  toClockMs(simulatedMs: number): number;
  /** Draws the task id. */
  ids: Random;
  /** Draws the image seed. */
  random: Random;
}

export function createImageTask(input: TaskInput, plan: TaskPlan, { now, toClockMs, ids, random }: TaskClock): ImageTask {
  const [width = 0, height = 0] = input.size.split('x').map(Number);
  const failsPending = plan.failure?.failAt === 'pending';
  const runMs = failsPending ? plan.pendingMs : plan.pendingMs + plan.processingMs;
  const processingAt = now + toClockMs(plan.pendingMs);
  const endAt = now + toClockMs(runMs);
  const ends = failsPending || !plan.endless;
  return {
    ...input,
    id: TASK_ID_PREFIX + Array.from({ length: TASK_ID_LENGTH }, () => TASK_ID_ALPHABET.charAt(ids.int(0, TASK_ID_ALPHABET.length - 1))).join(''),
    width,
    height,
    createdAt: now,
    processingAt,
    end: ends ? { status: plan.failure ? 'failed' : 'completed', at: endAt, failure: plan.failure?.name } : undefined,
    imageSeed: random.int(0, 0x3fffffff),
    runMs: ends ? runMs : 0,
  };
}

export function statusAt(task: ImageTask, now: number): TaskStatus {
  if (task.end && now >= task.end.at) return task.end.status;
  return now >= task.processingAt ? 'processing' : 'pending';
}

/** Clock time (whole seconds) after which a completed task's images are gone. */
export function imagesExpireAt(task: ImageTask, expiresInMs: number, toClockMs: (ms: number) => number): number | undefined {
  if (task.end?.status !== 'completed') return undefined;
  return Math.floor((task.end.at + toClockMs(expiresInMs)) / 1000) * 1000;
}
