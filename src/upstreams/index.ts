/** The upstreams pixmock simulates, by id. One folder each; none imports another. */
import { aibabeUpstream } from './aibabe/index.js';
import { chatfireUpstream } from './chatfire/index.js';
import { difyUpstream } from './dify/index.js';
import type { UpstreamDefinition } from '../server/upstream-context.js';

export const UPSTREAM_IDS = ['aibabe', 'chatfire', 'dify'] as const;
export type UpstreamId = (typeof UPSTREAM_IDS)[number];

export const UPSTREAMS: Record<UpstreamId, UpstreamDefinition> = {
  aibabe: aibabeUpstream,
  chatfire: chatfireUpstream,
  dify: difyUpstream,
};
