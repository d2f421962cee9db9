/**
 * Thrown by a state store kept outside the process (Redis) while it cannot be reached: the shell
 * answers the request with the upstream's documented 500 (`internal_error`), or a 503 problem on
 * the admin API, and logs one line instead of a stack; service resumes when the store answers again.
 */
export class StateStoreUnavailableError extends Error {
  override readonly name = 'StateStoreUnavailableError';
  /** The store's address, its password left out. */
  readonly location: string;

  constructor(location: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? ` (${options.cause.message})` : '';
    super(`Failed to reach the state store at ${location}${reason}. pixmock retries on its own; check that Redis is running there.`, options);
    this.location = location;
  }
}
