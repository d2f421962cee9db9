/**
 * Benchmark child: the contract suite for all three upstreams against in-process mocks (the app
 * handed to the suite's in-process transport; no port), with the shipped mocks/. Prints
 * `{"event":"done","wallMs":…,"suiteMs":…,"summary":{…},"passed":…}`.
 * Config: one JSON argument {latency, timeScale, seed}.
 */
import { createMockServer, UPSTREAM_IDS } from '../../src/index.js';
import { runContractSuite } from '../../src/suite/run-suite.js';

const config = JSON.parse(process.argv[2] ?? '{}') as { latency: string; timeScale: number; seed: number };
const started = performance.now();
const servers = await Promise.all(UPSTREAM_IDS.map((id) => createMockServer(id, { latency: config.latency, timeScale: config.timeScale, seed: config.seed })));
const suiteStarted = performance.now();
const result = await runContractSuite({
  seed: config.seed,
  targets: servers.map((server) => ({ upstream: server.id, app: server.app, credentials: server.demo, live: false })),
});
const finished = performance.now();
const failedCases = result.cases.filter((c) => c.status === 'failed').slice(0, 5).map((c) => ({
  case: (c.case as { id?: string; title?: string }).id ?? (c.case as { title?: string }).title,
  findings: c.findings.slice(0, 2).map((f) => `${f.check}: ${f.message}`.slice(0, 300)),
}));
process.stdout.write(`${JSON.stringify({ event: 'done', wallMs: finished - started, suiteMs: finished - suiteStarted, summary: result.summary, passed: result.passed, failedCases })}\n`);
process.exit(0);
