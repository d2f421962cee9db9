/** One flow per upstream: the upstream knowledge the contracts cannot state. */
import type { UpstreamName } from '../types.js';
import { aibabeFlow } from './aibabe.js';
import { chatfireFlow } from './chatfire.js';
import { difyFlow } from './dify.js';
import type { UpstreamFlow } from './flow.js';

export const FLOWS: Record<UpstreamName, UpstreamFlow> = {
  aibabe: aibabeFlow,
  chatfire: chatfireFlow,
  dify: difyFlow,
};

export type { FlowSession, PreparedRequest, SendInput, UpstreamFlow } from './flow.js';
