/**
 * Everything the aibabe mock remembers between requests, each in a state store of the shell, so
 * `POST /__pixmock/reset` forgets it and TTLs run on the simulated clock: per-key usage, token
 * buckets and replay guards, conversations, covers (30-minute coverIds), reference images and the
 * agents created through `POST /v1/agent/create`. Created once per app by the plugin's
 * `createState`, with the typed mocks and the seeded id streams every hook and handler reads.
 */
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { StateStore, UpstreamContext } from '../../core/index.js';
import type { Random } from '../../sim/random.js';
import { aibabeMocks, type AibabeMocks, type ComfyWorkflow } from './aibabe-mocks.js';
import { defaultOptionLanguage } from './options.js';

export interface Conversation {
  conversationId: string;
  agentId: string;
  apiKey: string;
  userId: string;
}

export interface Cover {
  coverId: string;
  apiKey: string;
  userId: string;
  spec: PlaceholderSpec;
}

export interface ReferenceImage {
  refImageId: string;
  apiKey: string;
  userId: string;
  mimeType: string;
  size: number;
}

/** An agent as the mock keeps it: from mocks/aibabe/agents.yaml or created by createAgent. */
export interface Agent {
  agentId: string;
  name: string;
  gender: string;
  language: string;
  /** Absent: a public agent. */
  ownerUserId?: string;
  /** Set for created agents: only the key that created them sees them. */
  ownerApiKey?: string;
  /** Absolute URL, or a path on the mock's own origin. */
  coverUrl?: string;
  createdAt: string;
  comfyPrompt?: ComfyWorkflow | null;
  /** What the cover image of a created agent was rendered from (served at its coverUrl). */
  cover?: PlaceholderSpec;
}

/** A key's token bucket: tokens left at simulated time `at`. */
export interface TokenBucket {
  tokens: number;
  at: number;
}

export interface AibabeState {
  mocks: AibabeMocks;
  /** The label language when a request names none (the contract's default). */
  defaultLanguage: string;
  usage: StateStore<number>;
  buckets: StateStore<TokenBucket>;
  /** `apiKey \n X-Request-ID` → the clock time it was first accepted, for the replay window. */
  replayIds: StateStore<number>;
  conversations: StateStore<Conversation>;
  /** `apiKey \n userId \n agentId` → conversationId, so a repeated createConversation answers the same id. */
  conversationIndex: StateStore<string>;
  covers: StateStore<Cover>;
  referenceImages: StateStore<ReferenceImage>;
  agents: StateStore<Agent>;
  /** Seeded ids (conversationId, coverId, agentId, refImageId). */
  ids: Random;
  /** Seeded traceIds of every envelope, success or error. */
  traceIds: Random;
}

export function createAibabeState(ctx: UpstreamContext): AibabeState {
  const mocks = aibabeMocks(ctx.mocks);
  const { limits } = mocks;
  const max = ctx.limits.stateEntries;
  return {
    mocks,
    defaultLanguage: defaultOptionLanguage(ctx),
    usage: ctx.state.create<number>('usage', { max }),
    buckets: ctx.state.create<TokenBucket>('rateLimitBuckets', { max }),
    // The replay window is clock time, like the X-Timestamp window it pairs with; stores count simulated time.
    replayIds: ctx.state.create<number>('replayIds', { max, ttlMs: Math.max(1, limits.replayWindowMs) * ctx.sim.timeScale }),
    conversations: ctx.state.create<Conversation>('conversations', { max }),
    conversationIndex: ctx.state.create<string>('conversationIndex', { max }),
    covers: ctx.state.create<Cover>('covers', { max, ttlMs: limits.coverTtlMs }),
    referenceImages: ctx.state.create<ReferenceImage>('referenceImages', { max, ttlMs: limits.referenceImage.ttlMs }),
    agents: ctx.state.create<Agent>('agents', { max }),
    ids: ctx.sim.ids.fork('aibabe-ids'),
    traceIds: ctx.sim.ids.fork('aibabe-trace-ids'),
  };
}
