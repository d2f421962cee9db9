/**
 * Thrown when a serve option (from a flag, an environment variable or a config file) is outside
 * its documented range; `pixmock serve` prints the message and refuses to start.
 */
export interface ConfigErrorFields {
  /** Where the value came from: the config file's path, a flag (`--time-scale`) or a variable (`PIXMOCK_SEED`). */
  source: string;
  /** The option in config-file terms, as a JSON pointer (`/limits/bodyBytes`); empty for the whole file. */
  pointer: string;
  /** What the message is about: `pixmock.yaml /seed is -1`, `--time-scale is 1e-9`. */
  subject: string;
  reason: string;
  /** What to do about it. */
  fix: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly source: string;
  readonly pointer: string;
  readonly fix: string;

  constructor({ source, pointer, subject, reason, fix }: ConfigErrorFields, options?: { cause?: unknown }) {
    super(`Failed to start: ${subject}: ${reason}. ${fix}.`, options);
    this.source = source;
    this.pointer = pointer;
    this.fix = fix;
  }
}
