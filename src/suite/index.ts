/**
 * The contract suite: one suite, run unchanged against pixmock (in-process) or the real
 * upstreams (HTTP). See docs/contract-suite.md.
 */
export { runContractSuite, type RunContractSuiteOptions } from './run-suite.js';
export { generateCases, type GenerateCasesOptions } from './generate-cases.js';
export { liveTargetsFromEnv, baseUrlVariable } from './live-targets.js';
export { createConsoleReporter, type ConsoleReporterOptions } from './reporters/console-reporter.js';
export { createJunitReporter, toJunitXml, type JunitReporterOptions } from './reporters/junit-reporter.js';
export { createJsonReporter, toJsonReport, type JsonReporterOptions } from './reporters/json-reporter.js';
export { createInProcessTransport } from './transport/in-process-transport.js';
export { createHttpTransport } from './transport/http-transport.js';
export { CheckFailure, CheckFailures } from './check-failure.js';
export { EXCHANGE_CHECKS, CASE_CHECKS } from './checks/index.js';
export { FLOWS } from './flows/index.js';
export { createRedactor } from './redact.js';
export type {
  AuthMode, CaseCost, CaseKind, CaseResult, CaseSource, Exchange, Finding, SuiteCase, SuiteEvent, SuiteReporter, SuiteRequest,
  SuiteResponse, SuiteResult, SuiteSummary, SuiteTarget, TargetInfo, Transport, UpstreamName,
} from './types.js';
