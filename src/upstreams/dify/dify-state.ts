/**
 * All state of the Dify mock, made once per app by the plugin's `createState` and handed to every
 * hook and handler: the typed mocks, the records in the shell's TTL-aware state stores (cleared
 * by `POST /__pixmock/reset`) — runs, active runs, stop requests, generated tool files, uploads,
 * end users — and the runs in progress, live handles a stop request reaches, kept in the process
 * while they run.
 */
import type { StateStore, UpstreamContext } from '../../core/index.js';
import type { Random } from '../../sim/random.js';
import { difyMocks, type DifyMocks } from './dify-mocks.js';
import type { ToolFile, UploadedFile } from './stored-files.js';
import type { WorkflowRun, WorkflowRunRecord } from './workflow-run-record.js';

export interface DifyState {
  mocks: DifyMocks;
  runs: StateStore<WorkflowRunRecord>;
  /** task_id → the run in progress (for stop); each removes itself when it ends. */
  liveRuns: Map<string, WorkflowRun>;
  /** workflow_run_id → true while the run counts against maxActiveRequests (at most activeRequestMaxAliveMs). */
  active: StateStore<true>;
  /**
   * task_id → the user who asked to stop it, for a run this process does not hold (another replica
   * on a shared store drives it): like Dify's own stop flag, the run reads it between nodes.
   */
  stopRequests: StateStore<string>;
  toolFiles: StateStore<ToolFile>;
  uploads: StateStore<UploadedFile>;
  /** The caller's `user` string → end-user id. */
  endUsers: StateStore<string>;
  counters: StateStore<number>;
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
    liveRuns: new Map(),
    active: ctx.state.create('dify.activeRuns', { max, ttlMs: mocks.app.activeRequestMaxAliveMs }),
    stopRequests: ctx.state.create('dify.stopRequests', { max, ttlMs: mocks.app.activeRequestMaxAliveMs }),
    toolFiles: ctx.state.create('dify.toolFiles', { max }),
    uploads: ctx.state.create('dify.uploads', { max }),
    endUsers: ctx.state.create('dify.endUsers', { max }),
    counters: ctx.state.create('dify.counters', { max: 16 }),
    ids: ctx.sim.ids.fork('dify'),
    random: ctx.sim.random.fork('dify'),
  };
}

/** Dify's end-user id for the caller's `user` string, created on first use. */
export async function endUserId(state: DifyState, user: string): Promise<string> {
  return (await state.endUsers.update(user, (id) => id ?? state.ids.uuid())) ?? '';
}

/** Next value of a named counter, starting at `first`. */
export async function nextCounter(state: DifyState, name: string, first: number): Promise<number> {
  return (await state.counters.update(name, (value = first - 1) => value + 1)) ?? first;
}
