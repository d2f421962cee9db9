/**
 * Which agents a caller can see: the agents of mocks/aibabe/agents.yaml (public when they have no
 * ownerUserId, else only that X-User-ID's) and the agents created through createAgent (only the
 * X-User-ID that created them, under the same API key). Everyone else gets "Agent not found".
 */
import type { UpstreamContext } from '../../core/index.js';
import type { Agent, AibabeState } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';

export function isVisibleTo(agent: Agent, principal: AibabePrincipal): boolean {
  if (agent.ownerUserId === undefined) return true;
  return agent.ownerUserId === principal.userId && (agent.ownerApiKey === undefined || agent.ownerApiKey === principal.apiKey);
}

/** Every agent the mock knows: created ones first, then those from mocks/. */
export async function allAgents(state: AibabeState): Promise<Agent[]> {
  return [...(await state.agents.values()), ...state.mocks.agents.items];
}

export async function findAgent(state: AibabeState, agentId: string, principal: AibabePrincipal): Promise<Agent | undefined> {
  const agent = (await state.agents.get(agentId)) ?? state.mocks.agents.items.find((item) => item.agentId === agentId);
  return agent && isVisibleTo(agent, principal) ? agent : undefined;
}

/** Visible agents or the error the chat pages document. */
export async function requireAgent(ctx: UpstreamContext, state: AibabeState, agentId: string, principal: AibabePrincipal): Promise<Agent> {
  const agent = await findAgent(state, agentId, principal);
  if (!agent) throw ctx.error('agent_not_found');
  return agent;
}

/** A URL from mocks/ as the client sees it: paths starting with "/" resolve against the mock's own origin (`call.request.origin`). */
export function absoluteUrl(origin: string, url: string): string {
  return url.startsWith('/') ? `${origin}${url}` : url;
}
