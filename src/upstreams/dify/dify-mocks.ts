/**
 * The typed view of `mocks/dify/*.yaml` (validated by mocks/dify/mocks.schema.json when loaded).
 * Every number, text and switch the Dify handlers use comes from here.
 */
import type { MockConfig } from '../../mocks/index.js';

export type KeyStatus = 'active' | 'revoked' | 'api_disabled';
/** The file object shapes the mock writes (mocks.schema.json signing.fileObjectShape). */
export const FILE_OBJECT_SHAPES = ['FileVar', 'dify_model_identity'] as const;
export type FileObjectShape = (typeof FILE_OBJECT_SHAPES)[number];

export interface DifyKey {
  key: string;
  label?: string;
  status: KeyStatus;
}

export interface InputVariable {
  type: string;
  label: string;
  required: boolean;
  maxLength?: number;
}

export interface DifyApp {
  appId: string;
  tenantId: string;
  workflowId: string;
  name: string;
  description: string;
  tags: string[];
  mode: string;
  authorName: string;
  maxActiveRequests: number;
  activeRequestMaxAliveMs: number;
  firstSequenceNumber: number;
  inputs: { prompt: InputVariable & { maxLength: number }; model_name: InputVariable };
  parameters: Record<string, unknown>;
}

export interface Checkpoint {
  family: string;
  nativeWidth: number;
  nativeHeight: number;
  speedFactor: number;
  style?: string;
}

export interface GraphNode {
  id: string;
  type: string;
  title: string;
  share: number;
  tokens?: { min: number; max: number };
  price?: { perThousandTokens: number; currency: string };
  tool?: { providerType: string; providerId: string; toolName: string; width: number; height: number; steps: number; negativePrompt?: string };
}

export interface DifyGraph {
  nodes: GraphNode[];
  imageNodeId: string;
  failures: {
    nodeFailed: { nodeId: string; error: string };
    toolTextFailure: { nodeId: string; text: string };
    stopped: { error: string };
  };
}

export interface DifyMocks {
  keys: DifyKey[];
  app: DifyApp;
  checkpoints: { default: string; models: Record<string, Checkpoint> };
  graph: DifyGraph;
  signing: { secretKey: string; filesAccessTimeoutSeconds: number; fileObjectShape: FileObjectShape; filename: string };
  stream: { pingIntervalMs: number; initialPing: boolean; textChunks: boolean; contentType: string };
  cloudflare: { enabled: boolean; cutAfterMs: number; headers: Record<string, string>; colo: string; pages: Record<string, string> };
  uploads: {
    imageFileSizeLimitMb: number;
    fileSizeLimitMb: number;
    audioFileSizeLimitMb: number;
    videoFileSizeLimitMb: number;
    workflowFileUploadLimit: number;
    extensions: Record<string, string[]>;
  };
}

/** The one place the loaded YAML gets its type: the loader has checked it against mocks/dify/mocks.schema.json. */
export function difyMocks(mocks: MockConfig): DifyMocks {
  return mocks as unknown as DifyMocks;
}
