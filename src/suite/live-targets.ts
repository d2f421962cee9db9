/**
 * Live targets from the environment: `<UPSTREAM>_BASE_URL` plus each flow's credential
 * variables (AIBABE_API_KEY, AIBABE_API_SECRET, AIBABE_USER_ID, AIBABE_AGENT_ID,
 * CHATFIRE_API_KEY, DIFY_API_KEY). Reports every missing variable by name. Optional ones
 * (CHATFIRE_OTHER_API_KEY, DIFY_OTHER_API_KEY: a second key for the key-isolation probes) are
 * read when set.
 *
 * @example
 * const { targets, missing } = liveTargetsFromEnv(['chatfire'], process.env);
 * if (missing.length) throw new Error(`Set ${missing.join(', ')}`);
 */
import { flowFor } from './flows/index.js';
import type { SuiteTarget, UpstreamName } from './types.js';

export function baseUrlVariable(upstream: UpstreamName): string {
  return `${upstream.toUpperCase()}_BASE_URL`;
}

export function liveTargetsFromEnv(upstreams: readonly UpstreamName[], env: Readonly<Record<string, string | undefined>>): { targets: SuiteTarget[]; missing: string[] } {
  const targets: SuiteTarget[] = [];
  const missing: string[] = [];
  for (const upstream of upstreams) {
    const variables = { baseUrl: baseUrlVariable(upstream), ...flowFor(upstream).credentialEnv };
    const absent = Object.values(variables).filter((name) => !env[name]);
    missing.push(...absent);
    if (absent.length > 0) continue;
    const named = { ...flowFor(upstream).credentialEnv, ...flowFor(upstream).optionalCredentialEnv };
    const credentials = Object.fromEntries(Object.entries(named).filter(([, name]) => env[name]).map(([key, name]) => [key, env[name] as string]));
    targets.push({ upstream, baseUrl: env[variables.baseUrl] as string, credentials, live: true });
  }
  return { targets, missing };
}
