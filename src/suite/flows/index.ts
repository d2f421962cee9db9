/** One flow per upstream: the upstream knowledge the contracts cannot state. */
import type { UpstreamName } from '../types.js';
import { aibabeFlow } from './aibabe.js';
import { chatfireFlow } from './chatfire.js';
import { difyFlow } from './dify.js';
import type { UpstreamFlow } from './flow.js';

export const FLOWS: Readonly<Record<UpstreamName, UpstreamFlow>> = {
  aibabe: aibabeFlow,
  chatfire: chatfireFlow,
  dify: difyFlow,
};

/** The flow of an upstream, or a refusal naming those there are. */
export function flowFor(upstream: UpstreamName): UpstreamFlow {
  const flow = Object.hasOwn(FLOWS, upstream) ? FLOWS[upstream] : undefined;
  if (!flow) throw new Error(`Failed to run the contract suite against ${upstream}: it has no flow. Add one in src/suite/flows/ and list it in FLOWS (flows for ${Object.keys(FLOWS).join(', ')}).`);
  return flow;
}

export type { FlowSession, PreparedRequest, SendInput, UpstreamFlow } from './flow.js';
