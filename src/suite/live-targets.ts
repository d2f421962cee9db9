/**
 * Live targets from the environment: `<UPSTREAM>_BASE_URL` plus each flow's credential
 * variables (AIBABE_API_KEY, AIBABE_API_SECRET, AIBABE_USER_ID, AIBABE_AGENT_ID,
 * CHATFIRE_API_KEY, DIFY_API_KEY). Reports every missing variable by name.
 *
 * @example
 * const { targets, missing } = liveTargetsFromEnv(['chatfire'], process.env);
 * if (missing.length) throw new Error(`Set ${missing.join(', ')}`);
 */
import { FLOWS } from './flows/index.js';
import type { SuiteTarget, UpstreamName } from './types.js';

export function baseUrlVariable(upstream: UpstreamName): string {
  return `${upstream.toUpperCase()}_BASE_URL`;
}

export function liveTargetsFromEnv(upstreams: readonly UpstreamName[], env: Readonly<Record<string, string | undefined>>): { targets: SuiteTarget[]; missing: string[] } {
  const targets: SuiteTarget[] = [];
  const missing: string[] = [];
  for (const upstream of upstreams) {
    const variables = { baseUrl: baseUrlVariable(upstream), ...FLOWS[upstream].credentialEnv };
    const absent = Object.values(variables).filter((name) => !env[name]);
    missing.push(...absent);
    if (absent.length > 0) continue;
    const credentials = Object.fromEntries(Object.entries(FLOWS[upstream].credentialEnv).map(([key, name]) => [key, env[name] as string]));
    targets.push({ upstream, baseUrl: env[variables.baseUrl] as string, credentials, live: true });
  }
  return { targets, missing };
}
