/**
 * Everything the aibabe mock remembers between requests, each in a state store of the shell, so
 * `POST /__pixmock/reset` forgets it and TTLs run on the simulated clock: per-key usage, token
 * buckets and replay guards, conversations, covers (30-minute coverIds), reference images and the
 * agents created through `POST /v1/agent/create`.
 */
import type { LRUCache } from 'lru-cache';
import { createReplayGuard, type ReplayGuard } from '../../auth/index.js';
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { Random } from '../../sim/random.js';
import { aibabeMocks, type ComfyWorkflow } from './aibabe-mocks.js';

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
  usage: LRUCache<string, number>;
  buckets: LRUCache<string, TokenBucket>;
  /** `apiKey \n X-Request-ID` → the clock time it was first accepted, for the replay window. */
  replayIds: LRUCache<string, number>;
  conversations: LRUCache<string, Conversation>;
  /** `apiKey \n userId \n agentId` → conversationId, so a repeated createConversation answers the same id. */
  conversationIndex: LRUCache<string, string>;
  covers: LRUCache<string, Cover>;
  referenceImages: LRUCache<string, ReferenceImage>;
  agents: LRUCache<string, Agent>;
  /** Seeded ids (conversationId, coverId, agentId, refImageId). */
  ids: Random;
  replayGuard(apiKey: string): ReplayGuard;
}

const STATES = new WeakMap<UpstreamContext, AibabeState>();

/** The state of one aibabe app, created on first use (by `operations(ctx)`, before any request). */
export function aibabeState(ctx: UpstreamContext): AibabeState {
  const existing = STATES.get(ctx);
  if (existing) return existing;
  const { limits } = aibabeMocks(ctx);
  const max = ctx.limits.stateEntries;
  // The replay window is clock time, like the X-Timestamp window it pairs with; stores count simulated time.
  const replayIds = ctx.state.create<number>('replayIds', { max, ttlMs: Math.max(1, limits.replayWindowMs) * ctx.sim.timeScale });
  const state: AibabeState = {
    usage: ctx.state.create<number>('usage', { max }),
    buckets: ctx.state.create<TokenBucket>('rateLimitBuckets', { max }),
    replayIds,
    conversations: ctx.state.create<Conversation>('conversations', { max }),
    conversationIndex: ctx.state.create<string>('conversationIndex', { max }),
    covers: ctx.state.create<Cover>('covers', { max, ttlMs: limits.coverTtlMs }),
    referenceImages: ctx.state.create<ReferenceImage>('referenceImages', { max, ttlMs: limits.referenceImage.ttlMs }),
    agents: ctx.state.create<Agent>('agents', { max }),
    ids: ctx.sim.ids.fork('aibabe-ids'),
    // Request ids are remembered per key: two integrators may well pick the same id.
    replayGuard: (apiKey) =>
      createReplayGuard({
        windowMs: Math.max(1, limits.replayWindowMs),
        memory: { get: (requestId) => replayIds.get(`${apiKey}\n${requestId}`), set: (requestId, seenAt) => replayIds.set(`${apiKey}\n${requestId}`, seenAt) },
      }),
  };
  STATES.set(ctx, state);
  return state;
}
