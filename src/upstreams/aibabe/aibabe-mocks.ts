/**
 * The typed view of `mocks/aibabe/*.yaml` (already validated against mocks.schema.json by the
 * loader): keys, users, agents, option catalogue, limits and the ComfyUI failure wording. The types
 * are generated from that schema (mocks.generated.ts), so the schema is their one definition.
 */
import type { MockConfig } from '../../mocks/index.js';
import type { Agent, Key, MocksFile, OptionItem as OptionEntry, Workflow, WorkflowNode } from './mocks.generated.js';

export type AibabeMocks = MocksFile;
export type AibabeKey = Key;
/** ComfyUI API-format workflow: node id → node. */
export type ComfyWorkflow = Workflow;
export type ComfyNode = WorkflowNode;
export type MockAgent = Agent;
export type OptionItem = OptionEntry;
export type OptionCatalogue = MocksFile['options'];

/** The one place the loaded YAML gets its type: the loader has checked it against mocks/aibabe/mocks.schema.json. */
export function aibabeMocks(mocks: MockConfig): AibabeMocks {
  return mocks as unknown as AibabeMocks;
}
