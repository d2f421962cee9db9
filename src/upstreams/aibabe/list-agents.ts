/**
 * `POST /v1/agent/list` (pixmock decides; named but undocumented upstream): the agents visible to
 * the caller — public ones, the X-User-ID's own from mocks/ and those it created with this key —
 * newest first, one page at a time. pageSize is capped at `limits.listAgents.maxPageSize`.
 */
import { NO_REPLY, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { AibabeState } from './aibabe-state.js';
import { absoluteUrl, allAgents, isVisibleTo } from './agents.js';
import type { AibabePrincipal } from './authenticate.js';
import { successReply } from './envelope.js';
import { hold } from './hold.js';

const FIRST_PAGE = 1;

interface ListAgentsBody {
  page?: number;
  pageSize?: number;
}

export function createListAgentsHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  const { defaultPageSize, maxPageSize } = state.mocks.limits.listAgents;
  return async function listAgents(call) {
    const { principal } = call;
    const { page = FIRST_PAGE, pageSize: requested = defaultPageSize } = (call.body ?? {}) as ListAgentsBody;
    const pageSize = Math.min(requested, maxPageSize);
    if (!(await hold(call))) return NO_REPLY;
    const visible = (await allAgents(state))
      .filter((agent) => isVisibleTo(agent, principal))
      .sort((a, b) => Number(b.createdAt) - Number(a.createdAt) || a.agentId.localeCompare(b.agentId));
    const { origin } = call.request;
    const items = visible.slice((page - 1) * pageSize, page * pageSize).map((agent) => ({
      agentId: agent.agentId,
      name: agent.name,
      gender: agent.gender,
      language: agent.language,
      ...(agent.coverUrl ? { coverUrl: absoluteUrl(origin, agent.coverUrl) } : {}),
      createdAt: agent.createdAt,
    }));
    return successReply(ctx, state, { items, total: visible.length, page, pageSize });
  };
}
