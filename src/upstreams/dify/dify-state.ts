/**
 * All state of the Dify mock, made once per app by the plugin's `createState` and handed to every
 * hook and handler: the typed mocks, and the mutable records in the shell's TTL-aware stores
 * (cleared by `POST /__pixmock/reset`) — runs, live tasks, generated tool files, uploads and end
 * users.
 */
import type { LRUCache } from 'lru-cache';
import type { UpstreamContext } from '../../core/index.js';
import type { Random } from '../../sim/random.js';
import { difyMocks, type DifyMocks } from './dify-mocks.js';
import type { ToolFile, UploadedFile } from './stored-files.js';
import type { WorkflowRun, WorkflowRunRecord } from './workflow-run-record.js';

export interface DifyState {
  mocks: DifyMocks;
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

export function createDifyState(ctx: UpstreamContext): DifyState {
  const mocks = difyMocks(ctx.mocks);
  const max = ctx.limits.stateEntries;
  return {
    mocks,
    runs: ctx.state.create('dify.runs', { max }),
    tasks: ctx.state.create('dify.tasks', { max }),
    active: ctx.state.create('dify.activeRuns', { max, ttlMs: mocks.app.activeRequestMaxAliveMs }),
    toolFiles: ctx.state.create('dify.toolFiles', { max }),
    uploads: ctx.state.create('dify.uploads', { max }),
    endUsers: ctx.state.create('dify.endUsers', { max }),
    counters: ctx.state.create('dify.counters', { max: 16 }),
    ids: ctx.sim.ids.fork('dify'),
    random: ctx.sim.random.fork('dify'),
  };
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
