/**
 * Benchmark child: the contract suite for all three upstreams against in-process mocks (the app
 * handed to the suite's in-process transport; no port), with the shipped mocks/, set up the way the
 * repository's own in-process contract tests do (src/suite/test-helpers/run-against-mock.ts): one
 * contract registry and one renderer shared by the three mocks and the suite.
 * Prints `{"event":"done","wallMs":…,"phases":{…},"summary":{…},"passed":…}`.
 * Config: one JSON argument {latency, timeScale, seed}.
 */
import { createImageRenderer, createMockServer, loadContracts, UPSTREAM_IDS } from '../../dist/index.js';
import { runContractSuite } from '../../dist/suite/run-suite.js';

const config = JSON.parse(process.argv[2] ?? '{}') as { latency: string; timeScale: number; seed: number };
const started = performance.now();
const contracts = await loadContracts();
const contractsLoaded = performance.now();
const renderer = createImageRenderer();
const servers = await Promise.all(UPSTREAM_IDS.map((id) => createMockServer(id, { latency: config.latency, timeScale: config.timeScale, seed: config.seed, contracts, renderer })));
const serversBuilt = performance.now();
const result = await runContractSuite({
  seed: config.seed,
  contracts,
  targets: servers.map((server) => ({ upstream: server.id, app: server.app, credentials: server.demo, live: false })),
});
const finished = performance.now();
const failedCases = result.cases
  .filter((c) => c.status === 'failed')
  .slice(0, 5)
  .map((c) => ({ case: c.case.id, findings: c.findings.slice(0, 2).map((f) => `${f.check}: ${f.message}`.slice(0, 300)) }));
const phases = { loadContractsMs: contractsLoaded - started, buildServersMs: serversBuilt - contractsLoaded, suiteMs: finished - serversBuilt };
process.stdout.write(`${JSON.stringify({ event: 'done', wallMs: finished - started, phases, summary: result.summary, passed: result.passed, failedCases })}\n`);
process.exit(0);
