/** pixmock's public API. */
export { createMockServer, createMockServers, DEFAULT_PORTS } from './server/create-mock-servers.js';
export type { MockServer, MockServerOptions, MockServersOptions, RunningMockServers, RunningUpstream } from './server/create-mock-servers.js';
export { createUpstreamApp, listen, UpstreamHttpError, PixmockProblem, parsePrefer, DEFAULT_LIMITS, isLoopbackHost } from './server/index.js';
export type { UpstreamDefinition, UpstreamContext, OperationCall, ServerLimits, ListeningServer } from './server/index.js';
export { UPSTREAM_IDS, type UpstreamId } from './upstreams/index.js';
export { loadContracts, formatDiagnostic, ContractLoadError } from './contracts/index.js';
export type { ContractRegistry, Diagnostic, ValidationResult } from './contracts/index.js';
export { loadMocks, MockConfigError } from './mocks/index.js';
export { ConfigError, checkServeOption, readServeConfigFile, resolveServeConfig, SERVE_OPTIONS, serveOption, serveOptionsFrom, serveOptionValue, DEFAULT_GRACE_MS } from './config/index.js';
export type { ServeConfig, ServeOption, ServeOptionValue } from './config/index.js';
export { createManualClock, createSystemClock, createRandom } from './sim/index.js';
export type { Clock, Random } from './sim/index.js';
export { createImageRenderer, renderPlaceholder } from './imaging/index.js';
export * from './auth/index.js';
export * from './suite/index.js';
