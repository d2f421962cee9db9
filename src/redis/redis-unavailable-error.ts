/** Thrown when Redis does not answer as pixmock starts: `pixmock serve` prints it and exits 2. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  /** The URL as given, its password left out. */
  readonly location: string;

  constructor(location: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error && options.cause.message ? ` (${options.cause.message})` : '';
    super(`Failed to start: Redis at ${location} does not answer${reason}. Start Redis there, or give the right URL with --redis (PIXMOCK_REDIS_URL, or redis.url in the config file).`, options);
    this.location = location;
  }
}
