/**
 * The checks every upstream's fuzz file makes, as vitest tests: every hostile request gets a
 * documented answer, one at a time and pipelined, and afterwards the server is healthy, within its
 * limits, with no timer left.
 */
import { expect, it } from 'vitest';
import type { UpstreamId } from '../../app/create-mock-servers.js';
import type { UpstreamFuzz } from './fuzz-case.js';
import { fuzzPipelined } from './fuzz-pipelined.js';
import type { FuzzServer } from './fuzz-server.js';
import { CASES_PER_UPSTREAM, FUZZ_LIMITS, FUZZ_SEED } from './fuzz-settings.js';
import { fuzzUpstream } from './fuzz-upstream.js';

export function defineFuzzChecks(upstream: UpstreamId, current: () => { fuzz: FuzzServer; spec: UpstreamFuzz }): void {
  it(`answers ${CASES_PER_UPSTREAM} hostile requests with documented statuses and bodies`, async () => {
    const { fuzz, spec } = current();
    const run = await fuzzUpstream(fuzz, spec);
    console.log(runReport(upstream, run.cases, run.ms), run.statuses);
    expect(run.cases).toBeGreaterThanOrEqual(CASES_PER_UPSTREAM);
  }, 600_000);

  it('answers pipelined hostile requests in order, each with a documented status and body', async () => {
    const { fuzz, spec } = current();
    const batches = Math.max(1, Math.round(CASES_PER_UPSTREAM / 100));
    expect(await fuzzPipelined(fuzz, spec, batches)).toBeGreaterThan(batches);
  }, 600_000);

  it('still answers health, with bounded state and journal and no timer left', async () => {
    const { fuzz } = current();
    const health = await fuzz.send({ method: 'GET', path: '/__pixmock/health', headers: {} });
    expect(health.status).toBe(200);
    const { context } = fuzz.server;
    expect(context.journal.size).toBeLessThanOrEqual(FUZZ_LIMITS.journalEntries);
    for (const size of Object.values(await context.state.sizes())) expect(size).toBeLessThanOrEqual(FUZZ_LIMITS.stateEntries);
    expect(context.sim.clock.pendingTimers()).toBe(0);
  });
}

/** The wall time of one fc.assert, for the report. */
function runReport(id: string, cases: number, ms: number): string {
  return `[fuzz] ${id}: ${cases} cases in ${(ms / 1000).toFixed(1)} s (seed ${FUZZ_SEED})`;
}
