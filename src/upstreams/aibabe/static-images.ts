/**
 * `GET /static/...`: the images behind relative `previewUrl`s (mocks/aibabe/options.yaml) and
 * `coverUrl`s (mocks/aibabe/agents.yaml, and the agents createAgent makes), served as placeholder
 * PNGs without authentication, the way a CDN serves them to an `<img>` tag. A created agent's
 * cover is the very image agentCover returned.
 */
import type { Request, Response } from 'express';
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks } from './aibabe-mocks.js';
import { allAgents } from './agents.js';
import { defaultOptionLanguage, optionLabel } from './options.js';

export const STATIC_ROUTE = '/static/*path';
const COVER_PATH_PREFIX = '/static/covers/';
const CACHE_CONTROL = 'public, max-age=86400';

/** Where a created agent's cover is served (a path on the mock's own origin). */
export function coverPath(agentId: string): string {
  return `${COVER_PATH_PREFIX}${encodeURIComponent(agentId)}.png`;
}

export function serveStaticImage(ctx: UpstreamContext) {
  return async function staticImage(req: Request, res: Response): Promise<void> {
    const spec = staticImageSpec(ctx, req.path);
    if (!spec) throw ctx.error('route_not_found', { method: req.method, path: req.path });
    const png = await ctx.renderer.render(spec);
    res.status(200).type('png').set('Cache-Control', CACHE_CONTROL).send(png);
  };
}

export function staticImageSpec(ctx: UpstreamContext, path: string): PlaceholderSpec | undefined {
  const mocks = aibabeMocks(ctx);
  const language = defaultOptionLanguage(ctx);
  for (const [namespace, groups] of Object.entries(mocks.options)) {
    for (const [group, items] of Object.entries(groups)) {
      const item = items.find((candidate) => candidate.previewUrl === path);
      if (!item) continue;
      const { width, height } = mocks.limits.images.optionPreview;
      const operation = 'configOptions';
      return { upstream: ctx.id, operation, width, height, seed: ctx.seed, prompt: optionLabel(item, language, language), inputs: { namespace, group, code: item.code } };
    }
  }
  const agent = allAgents(ctx).find((candidate) => candidate.coverUrl === path);
  if (!agent) return undefined;
  if (agent.cover) return agent.cover;
  const { width, height } = mocks.limits.images.agentCover;
  return { upstream: ctx.id, operation: 'agentCover', width, height, seed: ctx.seed, prompt: agent.name, inputs: { agentId: agent.agentId, gender: agent.gender } };
}
