/**
 * The whole run as one JSON document: seed, targets, summary, and per case its exchanges
 * (method, path, status, time; secrets already redacted) and findings.
 *
 * @example
 * const json = createJsonReporter({ path: 'reports/contract.json' });
 */
import type { SuiteReporter, SuiteResult } from '../types.js';
import { createFileReporter } from './file-reporter.js';

export interface JsonReporterOptions {
  path: string;
}

export function createJsonReporter({ path: file }: JsonReporterOptions): SuiteReporter {
  return createFileReporter(file, (result) => `${JSON.stringify(toJsonReport(result), null, 2)}\n`);
}

export function toJsonReport(result: SuiteResult) {
  return {
    tool: 'pixmock contract suite',
    seed: result.seed,
    passed: result.passed,
    summary: result.summary,
    targets: result.targets,
    cases: result.cases.map((c) => ({
      id: c.case.id,
      upstream: c.case.upstream,
      operationId: c.case.operationId,
      kind: c.case.kind,
      source: c.case.source,
      cost: c.case.cost,
      title: c.case.title,
      status: c.status,
      ...(c.skipReason ? { skipReason: c.skipReason } : {}),
      checksRun: c.checksRun,
      durationMs: c.durationMs,
      notes: c.notes,
      findings: c.findings,
      exchanges: c.exchanges.map((x) => ({
        operationId: x.operationId,
        role: x.role,
        request: { method: x.request.method, path: x.request.path, ...(x.request.query ? { query: x.request.query } : {}), headers: x.request.headers },
        ...(x.response ? { response: { status: x.response.status, contentType: x.response.headers['content-type'], elapsedMs: Math.round(x.response.elapsedMs) } } : {}),
        ...(x.error ? { error: x.error } : {}),
        ...(x.notes.sse ? { sse: { events: x.notes.sse.events.map((e) => e.event), pings: x.notes.sse.pings, budgetExceeded: x.notes.sse.budgetExceeded ?? null } } : {}),
      })),
    })),
  };
}
