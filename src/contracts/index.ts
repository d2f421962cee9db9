export { loadContracts, DEFAULT_CONTRACTS_DIR, type LoadContractsOptions } from './load-contracts.js';
export type { ContractRegistry, ValidationResult } from './contract-registry.js';
export type { OperationContract, ResponseContent } from './operation-table.js';
export type { UpstreamContract } from './upstream-contract.js';
export { ContractLoadError } from './contract-load-error.js';
export { formatDiagnostic, toDiagnostics, valueAt, type Diagnostic } from './diagnostics.js';
export { createErrorCatalogue, type ErrorCatalogue, type ErrorEntry, type RenderedError } from './error-catalogue.js';
export { emptyTable, withNullPrototypes } from './null-prototype.js';
export { documentedResponseHeaders } from './response-headers.js';
