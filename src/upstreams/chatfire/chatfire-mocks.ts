/**
 * The typed view of `mocks/chatfire/*.yaml` (already validated against mocks.schema.json by the
 * loader): keys, per-model generation, image links, limits and task failures.
 */
import type { MockConfig } from '../../mocks/index.js';
import type { LatencyDistribution } from '../../sim/latency.js';

/** createImageGeneration's 200 shapes: the documented task, or OpenAI's synchronous images body. */
export const RESPONSE_MODES = ['task', 'openai'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

export interface ChatfireKey {
  status: 'active' | 'revoked' | 'expired' | 'exhausted';
  demo?: boolean;
  rpm?: number;
  responseMode?: ResponseMode;
}

export interface ModelBehaviour {
  pendingMs: LatencyDistribution;
  processingMs: LatencyDistribution;
  sizes: string[];
  maxN: number;
  revisesPrompt?: boolean;
}

export interface TaskFailure {
  message: string;
  failAt: 'pending' | 'processing';
  /** Catalogue id answered instead in openai compatibility mode. */
  openaiError: string;
}

export interface ChatfireMocks {
  keys: Record<string, ChatfireKey>;
  models: Record<string, ModelBehaviour>;
  images: { expiresInMs: number };
  limits: { defaultRpm: number; rateWindowMs: number; taskRetentionMs: number; maxTasks: number };
  'task-failures': Record<string, TaskFailure>;
}

/** The one place the loaded YAML gets its type: the loader has checked it against mocks/chatfire/mocks.schema.json. */
export function chatfireMocks(mocks: MockConfig): ChatfireMocks {
  return mocks as unknown as ChatfireMocks;
}
