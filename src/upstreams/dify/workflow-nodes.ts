/**
 * What each node of `mocks/dify/graph.yaml` produces when it runs: its inputs, outputs, metadata
 * and files as Dify's `node_finished` event shows them (the start node echoes the user inputs,
 * the LLM node spends tokens, the tool node that makes the image waits for the render, the end
 * node collects the files), and how a scenario makes a node fail. The timeline that runs the
 * nodes in order is workflow-run.ts.
 */
import type { GraphNode, DifyMocks } from './dify-mocks.js';
import type { FileObject, FileSerializer } from './file-object.js';
import type { ToolFile } from './stored-files.js';

/** How a run deviates from a normal one (scenario behaviours). */
export type RunBehavior =
  | { kind: 'normal' }
  | { kind: 'node_failed' }
  | { kind: 'tool_text_failure' }
  /** Dies after `afterNodeStarted` started, with the catalogue entry `errorId` as an `error` event. */
  | { kind: 'stream_error'; errorId: string; afterNodeStarted: string };

export interface NodeResult {
  status: 'succeeded' | 'failed';
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  processData: Record<string, unknown> | null;
  error: string | null;
  metadata: Record<string, unknown> | null;
  files: ToolFile[];
  /** Tokens the node spent. */
  tokens: number;
}

export interface NodeRunInput {
  mocks: DifyMocks;
  prompt: string;
  modelName: string;
  behavior: RunBehavior;
  /** User inputs plus sys.* variables. */
  userInputs: Record<string, unknown>;
  /** The files the run has made so far. */
  files: ToolFile[];
  /** The generated image (the render started when the run did). */
  image: () => Promise<ToolFile>;
  /** A whole number of tokens between min and max. */
  tokens: (min: number, max: number) => number;
}

export async function runNode(node: GraphNode, input: NodeRunInput): Promise<NodeResult> {
  const { mocks, prompt, behavior } = input;
  const { failures } = mocks.graph;
  switch (node.type) {
    case 'start':
      return result({ inputs: input.userInputs, outputs: input.userInputs });
    case 'llm': {
      const tokens = node.tokens ? input.tokens(node.tokens.min, node.tokens.max) : 0;
      const price = node.price ? { total_price: (tokens / 1000) * node.price.perThousandTokens, currency: node.price.currency } : {};
      return result({ inputs: {}, outputs: { text: prompt }, metadata: { total_tokens: tokens, ...price }, tokens });
    }
    case 'tool': {
      const tool = node.tool;
      const inputs = {
        prompt,
        model: input.modelName,
        ...(tool ? { width: tool.width, height: tool.height, steps: tool.steps, negative_prompt: tool.negativePrompt ?? '' } : {}),
      };
      const metadata = tool ? { tool_info: { provider_type: tool.providerType, provider_id: tool.providerId } } : null;
      if (behavior.kind === 'node_failed' && node.id === failures.nodeFailed.nodeId) {
        return result({ inputs, status: 'failed', error: failures.nodeFailed.error, metadata });
      }
      if (behavior.kind === 'tool_text_failure' && node.id === failures.toolTextFailure.nodeId) {
        return result({ inputs, outputs: { text: failures.toolTextFailure.text, files: [], json: [] }, metadata });
      }
      if (node.id !== mocks.graph.imageNodeId) return result({ inputs, outputs: { text: '', files: [], json: [] }, metadata });
      const file = await input.image();
      return result({ inputs, outputs: { text: '', files: [file], json: [] }, metadata, files: [file] });
    }
    case 'end':
      return result({ inputs: { files: input.files }, outputs: { files: input.files }, files: input.files });
    default:
      return result({ inputs: { prompt }, outputs: { output: prompt } });
  }
}

function result(partial: Partial<NodeResult>): NodeResult {
  return { status: 'succeeded', inputs: null, outputs: null, processData: null, error: null, metadata: null, files: [], tokens: 0, ...partial };
}

/** Replaces ToolFile references inside node inputs/outputs with their serialised file objects. */
export function serializeNodeFiles(
  value: Record<string, unknown> | null,
  serialize: FileSerializer,
  files: ToolFile[],
  serialized: FileObject[],
): Record<string, unknown> | null {
  if (!value) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      Array.isArray(item) ? item.map((entry) => (isToolFile(entry) ? (serialized[files.indexOf(entry)] ?? serialize(entry)) : entry)) : item,
    ]),
  );
}

function isToolFile(value: unknown): value is ToolFile {
  return typeof value === 'object' && value !== null && 'spec' in value && 'size' in value;
}
