export { createUpstreamApp, STATE_BYTES_PER_BODY_BYTE, type ShellOptions, type UpstreamApp, type UpstreamAppOptions, type UpstreamRequestListener } from './create-upstream-app.js';
export { listen, type ListeningServer, type ListenOptions } from './listen.js';
export { ADMIN_PREFIX, MAX_CLOCK_ADVANCE_MS } from './admin-api.js';
export { hostnameOf, isLoopbackHost, isWildcardHost } from './loopback.js';
export type { CorsOptions } from './cors.js';
