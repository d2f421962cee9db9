/** Runs autocannon against one URL and reduces its result to what RESULTS.md reports. */
import autocannon, { type AutocannonOptions } from 'autocannon';

export interface LoadResult {
  /** Completed requests per second (any status), averaged over the run. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
}

export async function runLoad(options: AutocannonOptions): Promise<LoadResult> {
  const result = await autocannon({ connections: 16, pipelining: 1, timeout: 30, ...options });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count])),
  };
}
