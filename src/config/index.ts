export { ConfigError, type ConfigErrorFields } from './config-error.js';
export {
  checkServeOption, DEFAULT_GRACE_MS, DEFAULT_HOST, PORT_FLAG, PORTS_ENV, portOption, precompileServeConfigValidator, readServeConfigFile, resolveServeConfig, SERVE_OPTIONS,
  serveOption, serveOptionsFrom, serveOptionValue,
} from './serve-config.js';
export type { ServeConfig, ServeOption, ServeOptionValue } from './serve-config.js';
