/** The upstreams of the registry (src/upstreams/index.ts) by id: what every composition root names them by. */
import type { AnyUpstreamPlugin } from '../core/index.js';
import { UPSTREAMS } from '../upstreams/index.js';

/** An upstream of the registry, by id. */
export type UpstreamId = string;
/** An upstream named by its registry id, or given as its plugin. */
export type UpstreamRef = UpstreamId | AnyUpstreamPlugin;

/** The ids of the registry's upstreams, in its order. */
export const UPSTREAM_IDS: readonly UpstreamId[] = UPSTREAMS.map((plugin) => plugin.id);
/** Each registry upstream's `defaultPort`. */
export const DEFAULT_PORTS: Readonly<Record<UpstreamId, number>> = Object.fromEntries(UPSTREAMS.map((plugin) => [plugin.id, plugin.defaultPort]));

/** The plugin an id names, or a refusal naming the ids there are. */
export function resolveUpstream(ref: UpstreamRef): AnyUpstreamPlugin {
  if (typeof ref !== 'string') return ref;
  const plugin = UPSTREAMS.find((candidate) => candidate.id === ref);
  if (!plugin) throw new RangeError(`Failed to start: no upstream "${ref}". Known upstreams: ${UPSTREAM_IDS.join(', ')} (src/upstreams/index.ts), or pass a plugin made with defineUpstream.`);
  return plugin;
}
