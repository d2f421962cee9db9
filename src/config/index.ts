export { ConfigError, type ConfigErrorFields } from './config-error.js';
export { checkServeOption, precompileServeConfigValidator, readServeConfigFile, resolveServeConfig, serveOptionsFrom, type ServeOptionValue } from './serve-config.js';
export { DEFAULT_GRACE_MS, DEFAULT_HOST, type ServeConfig } from './serve-defaults.js';
export { PORT_FLAG, PORTS_ENV, portOption, SERVE_OPTIONS, serveOption, serveOptionValue, type ServeOption } from './serve-options.js';
