/**
 * The typed view of `mocks/aibabe/*.yaml` (already validated against mocks.schema.json by the
 * loader): keys, users, agents, option catalogue, limits and the ComfyUI failure wording.
 */
import type { MockConfig } from '../../mocks/index.js';

export interface AibabeKey {
  apiKey: string;
  apiSecret: string;
  demo?: boolean;
  status: 'active' | 'disabled';
  usageLimit: number;
  used: number;
  rateLimit: { capacity: number; refillPerSecond: number };
}

/** ComfyUI API-format workflow: node id → node. */
export type ComfyWorkflow = Record<string, ComfyNode>;

export interface ComfyNode {
  class_type?: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

export interface MockAgent {
  agentId: string;
  demo?: boolean;
  name: string;
  gender: string;
  language: string;
  ownerUserId?: string;
  coverUrl?: string;
  createdAt: string;
  comfyPrompt?: ComfyWorkflow | null;
}

export interface OptionItem {
  code: string;
  labels: Record<string, string>;
  previewUrl: string;
  genders?: string[];
}

export type OptionCatalogue = Record<string, Record<string, OptionItem[]>>;

export interface ImageSize {
  width: number;
  height: number;
}

export interface ComfyErrorVariant {
  comfyStatus: number;
  message: string;
  body: unknown;
  rawBody: string;
}

export interface AibabeMocks {
  keys: AibabeKey[];
  users: { userId: string; demo?: boolean }[];
  agents: { customAgentWorkflow: ComfyWorkflow; items: MockAgent[] };
  options: OptionCatalogue;
  limits: {
    coverTtlMs: number;
    timestampSkewMs: number;
    replayWindowMs: number;
    requireKnownConversation: boolean;
    referenceImage: {
      maxBytes: number;
      mimeTypes: string[];
      ttlMs: number;
      signatures: Record<string, { offset: number; hex: string }[]>;
    };
    images: { chatImage: ImageSize; agentCover: ImageSize; optionPreview: ImageSize };
    listAgents: { defaultPageSize: number; maxPageSize: number };
  };
  'comfyui-errors': {
    default: string;
    jobErrorTemplate: string;
    noOutputs: string;
    outputNodeTypes: string[];
    variants: Record<string, ComfyErrorVariant>;
  };
}

/** The one place the loaded YAML gets its type: the loader has checked it against mocks/aibabe/mocks.schema.json. */
export function aibabeMocks(mocks: MockConfig): AibabeMocks {
  return mocks as unknown as AibabeMocks;
}
