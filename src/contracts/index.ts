export { loadContracts, DEFAULT_CONTRACTS_DIR } from './load-contracts.js';
export type { ContractRegistry, LoadContractsOptions, OperationContract, ResponseContent, UpstreamContract, ValidationResult } from './load-contracts.js';
export { ContractLoadError } from './contract-load-error.js';
export { formatDiagnostic, toDiagnostics, valueAt, type Diagnostic } from './diagnostics.js';
export { createErrorCatalogue, type ErrorCatalogue, type ErrorEntry, type RenderedError } from './error-catalogue.js';
export { emptyTable, withNullPrototypes } from './null-prototype.js';
export { documentedResponseHeaders } from './response-headers.js';
