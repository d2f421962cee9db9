/**
 * The typed view of `mocks/dify/*.yaml` (validated by mocks/dify/mocks.schema.json when loaded).
 * Every number, text and switch the Dify handlers use comes from here; the types are generated
 * from that schema (mocks.generated.ts), so the schema is their one definition.
 */
import type { MockConfig } from '../../mocks/index.js';
import type { MocksFile } from './mocks.generated.js';

export type DifyMocks = MocksFile;
export type DifyKey = DifyMocks['keys'][number];
export type GraphNode = DifyMocks['graph']['nodes'][number];
export type FileObjectShape = DifyMocks['signing']['fileObjectShape'];

/** The file object shapes the mock writes, at run time; tsc refuses this list when the schema's differs. */
export const FILE_OBJECT_SHAPES = ['FileVar', 'dify_model_identity'] as const satisfies readonly FileObjectShape[];
export type FileObjectShapesListed = AssertNever<Exclude<FileObjectShape, (typeof FILE_OBJECT_SHAPES)[number]>>;
type AssertNever<T extends never> = T;

/** The one place the loaded YAML gets its type: the loader has checked it against mocks/dify/mocks.schema.json. */
export function difyMocks(mocks: MockConfig): DifyMocks {
  return mocks as unknown as DifyMocks;
}
