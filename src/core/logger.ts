/**
 * What pixmock logs through: the part of pino's logger it calls. Any pino logger fits, and so does
 * a logger that only looks like one (the CLI's, which loads pino with its first line).
 */
export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  isLevelEnabled(level: string): boolean;
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const ignore = () => {};

/** The library's default: logs nothing, and loads no logging library. */
export const SILENT_LOGGER: Logger = {
  child: () => SILENT_LOGGER,
  isLevelEnabled: () => false,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
