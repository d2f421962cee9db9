/** pixmock's public API. */
export { createMockServer, createMockServers, DEFAULT_PORTS, UPSTREAM_IDS, resolveUpstream } from './app/create-mock-servers.js';
export type { MockServer, MockServerOptions, MockServersOptions, RunningMockServers, RunningUpstream, UpstreamId, UpstreamRef } from './app/create-mock-servers.js';
export type { RedisOptions } from './redis/redis-options.js';
export { createUpstreamApp, listen, isLoopbackHost } from './server/index.js';
export type { CorsOptions, ListeningServer, UpstreamApp } from './server/index.js';
export * from './core/index.js';
export { bundleContract, loadContracts, formatDiagnostic, ContractLoadError } from './contracts/index.js';
export type { ContractRegistry, Diagnostic, ValidationResult } from './contracts/index.js';
export { loadMocks, MockConfigError } from './mocks/index.js';
export type { MockConfig, ScenarioDefinition } from './mocks/index.js';
export { ConfigError, checkServeOption, readServeConfigFile, resolveServeConfig, SERVE_OPTIONS, serveOption, serveOptionsFrom, serveOptionValue, DEFAULT_GRACE_MS, PORT_FLAG, PORTS_ENV, portOption } from './config/index.js';
export type { ServeConfig, ServeOption, ServeOptionValue } from './config/index.js';
export { createManualClock, createSystemClock, createRandom } from './sim/index.js';
export type { Clock, JournalEntry, Random } from './sim/index.js';
export { createImageRenderer, renderPlaceholder } from './imaging/index.js';
export * from './auth/index.js';
export * from './suite/index.js';
export * from './proxy/index.js';
