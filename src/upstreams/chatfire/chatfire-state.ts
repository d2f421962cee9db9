/**
 * Everything the chatfire mock remembers, kept in the shell's state stores so that
 * `POST /__pixmock/reset` forgets it: tasks and each key's recent request times. Created once
 * per app by the plugin's `createState`, with the typed mocks every hook and handler reads.
 */
import type { StateStore, UpstreamContext } from '../../core/index.js';
import { createLatencyModel, type LatencyDistribution, type LatencyModel } from '../../sim/latency.js';
import type { Random } from '../../sim/random.js';
import { chatfireMocks, type ChatfireMocks } from './chatfire-mocks.js';
import type { ImageTask } from './image-task.js';

/** The task-failures.yaml entry a task ends with when its reference image cannot be fetched. */
export const REFERENCE_UNREACHABLE_FAILURE = 'reference_image_unreachable';

export interface RequestDefaults {
  n: number;
  size: string;
  response_format: string;
}

export interface ChatfireState {
  mocks: ChatfireMocks;
  tasks: StateStore<ImageTask>;
  /** Clock times of each key's requests inside the rate window. */
  requestTimes: StateStore<number[]>;
  /** Task ids. */
  ids: Random;
  /** Image seeds: simulated data that replays for the same seed. */
  random: Random;
  /** Samples `<model>.pendingMs` / `<model>.processingMs`, scaled by the latency profile. */
  generation: LatencyModel;
  /** The request schema's defaults for the optional fields. */
  defaults: RequestDefaults;
}

export function createChatfireState(ctx: UpstreamContext): ChatfireState {
  const mocks = chatfireMocks(ctx.mocks);
  const durations: Record<string, LatencyDistribution> = {};
  for (const [model, behaviour] of Object.entries(mocks.models)) {
    durations[`${model}.pendingMs`] = behaviour.pendingMs;
    durations[`${model}.processingMs`] = behaviour.processingMs;
  }
  const state: ChatfireState = {
    mocks,
    tasks: ctx.state.create('tasks', { max: Math.min(mocks.limits.maxTasks, ctx.limits.stateEntries) }),
    requestTimes: ctx.state.create('rate-limit-windows', { ttlMs: mocks.limits.rateWindowMs, max: ctx.limits.stateEntries }),
    ids: ctx.sim.ids.fork('tasks'),
    random: ctx.sim.random.fork('tasks'),
    generation: createLatencyModel({ operations: durations, profile: ctx.sim.profile, random: ctx.sim.random.fork('generation') }),
    defaults: requestDefaults(ctx),
  };
  return state;
}

function requestDefaults(ctx: UpstreamContext): RequestDefaults {
  const schemaId = ctx.contract.operations.get('createImageGeneration')?.requestSchemaId ?? '';
  const properties = ctx.contracts.schema(schemaId).properties as Record<string, { default?: unknown }>;
  const read = <T>(field: keyof RequestDefaults) => {
    const value = properties[field]?.default;
    if (value === undefined) throw new Error(`Failed to start chatfire: ${schemaId} gives no default for ${field}. Add "default" to the property.`);
    return value as T;
  };
  return { n: read<number>('n'), size: read<string>('size'), response_format: read<string>('response_format') };
}
