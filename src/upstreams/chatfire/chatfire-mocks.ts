/**
 * The typed view of `mocks/chatfire/*.yaml` (already validated against mocks.schema.json by the
 * loader): keys, per-model generation, image links, limits and task failures. The types are
 * generated from that schema (mocks.generated.ts), so the schema is their one definition.
 */
import type { MockConfig } from '../../mocks/index.js';
import type { Key, Model, MocksFile, TaskFailure as TaskFailureEntry } from './mocks.generated.js';

export type ChatfireKey = Key;
export type ModelBehaviour = Model;
export type TaskFailure = TaskFailureEntry;
/** createImageGeneration's 200 shapes: the documented task, or OpenAI's synchronous images body. */
export type ResponseMode = NonNullable<Key['responseMode']>;
export type ChatfireMocks = MocksFile;

/** The modes `Prefer: mode=` takes, at run time; tsc refuses this list when the schema's differs. */
export const RESPONSE_MODES = ['task', 'openai'] as const satisfies readonly ResponseMode[];
export type ResponseModesListed = AssertNever<Exclude<ResponseMode, (typeof RESPONSE_MODES)[number]>>;
type AssertNever<T extends never> = T;

/** A model's behaviour by the name a request gives; undefined for one the mocks do not configure. */
export function modelBehaviour(mocks: ChatfireMocks, name: string): ModelBehaviour | undefined {
  return Object.hasOwn(mocks.models, name) ? mocks.models[name as keyof ChatfireMocks['models']] : undefined;
}

/** The one place the loaded YAML gets its type: the loader has checked it against mocks/chatfire/mocks.schema.json. */
export function chatfireMocks(mocks: MockConfig): ChatfireMocks {
  return mocks as unknown as ChatfireMocks;
}
