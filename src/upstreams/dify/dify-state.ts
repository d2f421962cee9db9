/**
 * All mutable state of the Dify mock, in the shell's TTL-aware stores (cleared by
 * `POST /__pixmock/reset`): runs, live tasks, generated tool files, uploads and end users.
 * Created once per app inside `operations(ctx)`; `difyState(ctx)` finds it again (tests, admin views).
 */
import type { LRUCache } from 'lru-cache';
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { Random } from '../../sim/random.js';
import { difyMocks } from './dify-mocks.js';
import type { WorkflowRun, WorkflowRunRecord } from './workflow-run.js';

/** A generated image: its render spec (the renderer is deterministic, so bytes are re-rendered on demand) and size. */
export interface ToolFile {
  id: string;
  spec: PlaceholderSpec;
  size: number;
  mimeType: string;
  extension: string;
}

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  extension: string;
  mime_type: string;
  created_by: string;
  created_at: number;
}

export interface DifyState {
  runs: LRUCache<string, WorkflowRunRecord>;
  /** task_id → the live run (for stop). */
  tasks: LRUCache<string, WorkflowRun>;
  /** workflow_run_id → true while the run counts against maxActiveRequests (at most activeRequestMaxAliveMs). */
  active: LRUCache<string, true>;
  toolFiles: LRUCache<string, ToolFile>;
  uploads: LRUCache<string, UploadedFile>;
  /** The caller's `user` string → end-user id. */
  endUsers: LRUCache<string, string>;
  counters: LRUCache<string, { value: number }>;
  /** Ids, sign nonces and Cloudflare ray ids. */
  ids: Random;
  /** Token counts: simulated data that replays for the same seed. */
  random: Random;
}

const STATES = new WeakMap<UpstreamContext, DifyState>();

export function createDifyState(ctx: UpstreamContext): DifyState {
  const max = ctx.limits.stateEntries;
  const state: DifyState = {
    runs: ctx.state.create('dify.runs', { max }),
    tasks: ctx.state.create('dify.tasks', { max }),
    active: ctx.state.create('dify.activeRuns', { max, ttlMs: difyMocks(ctx).app.activeRequestMaxAliveMs }),
    toolFiles: ctx.state.create('dify.toolFiles', { max }),
    uploads: ctx.state.create('dify.uploads', { max }),
    endUsers: ctx.state.create('dify.endUsers', { max }),
    counters: ctx.state.create('dify.counters', { max: 16 }),
    ids: ctx.sim.ids.fork('dify'),
    random: ctx.sim.random.fork('dify'),
  };
  STATES.set(ctx, state);
  return state;
}

/** The state `operations(ctx)` created for this context. */
export function difyState(ctx: UpstreamContext): DifyState {
  const state = STATES.get(ctx);
  if (!state) throw new Error('Failed to find the Dify state: operations(ctx) has not run for this context.');
  return state;
}

/** Dify's end-user id for the caller's `user` string, created on first use. */
export function endUserId(state: DifyState, user: string): string {
  let id = state.endUsers.get(user);
  if (!id) {
    id = state.ids.uuid();
    state.endUsers.set(user, id);
  }
  return id;
}

/** Next value of a named counter, starting at `first`. */
export function nextCounter(state: DifyState, name: string, first: number): number {
  const counter = state.counters.get(name) ?? { value: first - 1 };
  counter.value += 1;
  state.counters.set(name, counter);
  return counter.value;
}
