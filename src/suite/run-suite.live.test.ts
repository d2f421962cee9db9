/**
 * `npm run test:live`: the same suite against live targets. Each upstream runs only when its
 * variables are set (AIBABE_BASE_URL, AIBABE_API_KEY, AIBABE_API_SECRET, AIBABE_USER_ID,
 * AIBABE_AGENT_ID, CHATFIRE_BASE_URL, CHATFIRE_API_KEY, DIFY_BASE_URL, DIFY_API_KEY) and is
 * skipped with the names of the missing ones otherwise. PIXMOCK_LIVE_BUDGET (default 0) caps
 * paid generation calls; PIXMOCK_LIVE_SEED replays a run.
 */
import { expect, it } from 'vitest';
import { createConsoleReporter } from './reporters/console-reporter.js';
import { liveTargetsFromEnv } from './live-targets.js';
import { runContractSuite } from './run-suite.js';
import type { UpstreamName } from './types.js';

const UPSTREAMS: UpstreamName[] = ['aibabe', 'chatfire', 'dify'];
const budget = Number(process.env.PIXMOCK_LIVE_BUDGET ?? 0);
const seed = process.env.PIXMOCK_LIVE_SEED ? Number(process.env.PIXMOCK_LIVE_SEED) : undefined;

for (const upstream of UPSTREAMS) {
  const { targets, missing } = liveTargetsFromEnv([upstream], process.env);
  const title = missing.length > 0
    ? `${upstream} live contract (skipped: set ${missing.join(', ')})`
    : `${upstream} live contract passes (generation budget ${budget})`;
  if (missing.length > 0) console.info(`pixmock live suite: ${title}`);
  it.skipIf(missing.length > 0)(title, async () => {
    const result = await runContractSuite({ targets, budget, seed, reporters: [createConsoleReporter({ live: false })] });

    expect(result.cases.flatMap((c) => c.findings.filter((f) => f.severity === 'error').map((f) => `${c.case.id} ${f.check} ${f.pointer}: ${f.message}`))).toEqual([]);
    expect(result.summary.checksRun).toBeGreaterThan(0);
  });
}
