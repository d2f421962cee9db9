export { ConfigError, type ConfigErrorFields } from './config-error.js';
export {
  checkServeOption, DEFAULT_GRACE_MS, DEFAULT_HOST, precompileServeConfigValidator, readServeConfigFile, resolveServeConfig, SERVE_OPTIONS, serveOption,
  serveOptionsFrom, serveOptionValue,
} from './serve-config.js';
export type { ServeConfig, ServeOption, ServeOptionValue } from './serve-config.js';
