export { createUpstreamApp, type UpstreamApp, type UpstreamAppOptions } from './create-upstream-app.js';
export { listen, type ListeningServer, type ListenOptions } from './listen.js';
export { DEFAULT_LIMITS, type OperationCall, type OperationHandler, type ServerLimits, type UpstreamContext, type UpstreamDefinition } from './upstream-context.js';
export { UpstreamHttpError, PixmockProblem } from './upstream-http-error.js';
export { parsePrefer, type Preferences } from './prefer-header.js';
export { fieldName } from './operation-pipeline.js';
export { ADMIN_PREFIX } from './admin-router.js';
export { hostnameOf, isLoopbackHost, isWildcardHost } from './loopback.js';
