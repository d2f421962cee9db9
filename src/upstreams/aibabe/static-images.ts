/**
 * `GET /static/...`: the images behind relative `previewUrl`s (mocks/aibabe/options.yaml) and
 * `coverUrl`s (mocks/aibabe/agents.yaml, and the agents createAgent makes), served as placeholder
 * PNGs without authentication, the way a CDN serves them to an `<img>` tag. A created agent's
 * cover is the very image agentCover returned. The prefix matches in any case, as it always has
 * here; a path under it that names no image is the catalogue's `route_not_found`.
 */
import { bytes, type ExtraRoute, type UpstreamContext } from '../../core/index.js';
import type { PlaceholderSpec } from '../../imaging/index.js';
import type { AibabeState } from './aibabe-state.js';
import { allAgents } from './agents.js';
import { optionLabel } from './options.js';

const STATIC_PREFIX = '/static/';
const COVER_PATH_PREFIX = '/static/covers/';
const CACHE_CONTROL = 'public, max-age=86400';

/** Where a created agent's cover is served (a path on the mock's own origin). */
export function coverPath(agentId: string): string {
  return `${COVER_PATH_PREFIX}${encodeURIComponent(agentId)}.png`;
}

/** The plugin's route for every path under `/static/` (HEAD is answered by the shell from GET). */
export function createStaticImagesRoute(ctx: UpstreamContext, state: AibabeState): ExtraRoute {
  return {
    method: 'GET',
    matches: (path) => path.toLowerCase().startsWith(STATIC_PREFIX),
    async handle(request) {
      const spec = await staticImageSpec(ctx, state, request.path);
      if (!spec) throw ctx.error('route_not_found', { method: request.method, path: request.path });
      const png = await ctx.renderer.render(spec);
      return bytes(png, 'image/png', { headers: { 'Cache-Control': CACHE_CONTROL } });
    },
  };
}

export async function staticImageSpec(ctx: UpstreamContext, state: AibabeState, path: string): Promise<PlaceholderSpec | undefined> {
  const { mocks, defaultLanguage: language } = state;
  for (const [namespace, groups] of Object.entries(mocks.options)) {
    for (const [group, items = []] of Object.entries(groups ?? {})) {
      const item = items.find((candidate) => candidate.previewUrl === path);
      if (!item) continue;
      const { width, height } = mocks.limits.images.optionPreview;
      const operation = 'configOptions';
      return { upstream: ctx.id, operation, width, height, seed: ctx.seed, prompt: optionLabel(item, language, language), inputs: { namespace, group, code: item.code } };
    }
  }
  const agent = (await allAgents(state)).find((candidate) => candidate.coverUrl === path);
  if (!agent) return undefined;
  if (agent.cover) return agent.cover;
  const { width, height } = mocks.limits.images.agentCover;
  return { upstream: ctx.id, operation: 'agentCover', width, height, seed: ctx.seed, prompt: agent.name, inputs: { agentId: agent.agentId, gender: agent.gender } };
}
