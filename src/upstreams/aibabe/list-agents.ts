/**
 * `POST /v1/agent/list` (pixmock decides; named but undocumented upstream): the agents visible to
 * the caller — public ones, the X-User-ID's own from mocks/ and those it created with this key —
 * newest first, one page at a time. pageSize is capped at `limits.listAgents.maxPageSize`.
 */
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks } from './aibabe-mocks.js';
import { requestOrigin } from '../../server/request-origin.js';
import { absoluteUrl, allAgents, isVisibleTo } from './agents.js';
import type { AibabePrincipal } from './authenticate.js';
import { sendSuccess } from './envelope.js';
import { hold } from './hold.js';

const FIRST_PAGE = 1;

interface ListAgentsBody {
  page?: number;
  pageSize?: number;
}

export function listAgents(ctx: UpstreamContext): OperationHandler {
  const { defaultPageSize, maxPageSize } = aibabeMocks(ctx).limits.listAgents;
  return async function listAgentsHandler(req, res, call) {
    const principal = call.principal as AibabePrincipal;
    const { page = FIRST_PAGE, pageSize: requested = defaultPageSize } = (req.body ?? {}) as ListAgentsBody;
    const pageSize = Math.min(requested, maxPageSize);
    if (!(await hold(call))) return;
    const visible = allAgents(ctx)
      .filter((agent) => isVisibleTo(agent, principal))
      .sort((a, b) => Number(b.createdAt) - Number(a.createdAt) || a.agentId.localeCompare(b.agentId));
    const origin = requestOrigin(req);
    const items = visible.slice((page - 1) * pageSize, page * pageSize).map((agent) => ({
      agentId: agent.agentId,
      name: agent.name,
      gender: agent.gender,
      language: agent.language,
      ...(agent.coverUrl ? { coverUrl: absoluteUrl(origin, agent.coverUrl) } : {}),
      createdAt: agent.createdAt,
    }));
    sendSuccess(res, ctx, { items, total: visible.length, page, pageSize });
  };
}
