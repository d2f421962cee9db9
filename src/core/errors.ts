/**
 * An HTTP error in the upstream's own shape, built from its error catalogue. Handlers throw it;
 * the one error handler renders it. The only HTTP error class in pixmock.
 */
import type { RenderedError } from '../contracts/error-catalogue.js';

export class UpstreamHttpError extends Error {
  override readonly name = 'UpstreamHttpError';
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor({ id, status, body, headers }: RenderedError) {
    super(`${status} ${id}`);
    this.id = id;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/**
 * pixmock's own errors (admin API, malformed `Prefer`), as RFC 9457 problem details, so they are
 * never mistaken for an upstream's.
 */
export class PixmockProblem extends Error {
  override readonly name = 'PixmockProblem';
  readonly status: number;
  readonly detail: string;

  constructor(status: number, title: string, detail: string) {
    super(title);
    this.status = status;
    this.detail = detail;
  }

  toJSON() {
    return { type: `https://pixmock.dev/problems/${this.status}`, title: this.message, status: this.status, detail: this.detail };
  }
}
