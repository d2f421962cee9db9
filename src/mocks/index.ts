export { loadMocks, loadLatencyProfiles, loadGatewayPages, DEFAULT_MOCKS_DIR } from './load-mocks.js';
export type { MockConfig, ScenarioDefinition, FaultDefinition } from './load-mocks.js';
export { MockConfigError } from './mock-config-error.js';
