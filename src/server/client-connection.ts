/**
 * What the pipeline needs to know of the client while it answers, whatever carries the request:
 * whether it has gone, a simulated wait that ends early when it goes, and its multipart body.
 * The node adapter watches the socket; the fetch adapter watches the request's signal.
 */
import type { MultipartForm, MultipartLimits } from '../core/index.js';
import type { Simulation } from '../sim/simulation.js';

export interface ClientConnection {
  gone(): boolean;
  /** Calls `listener` once if the client goes before the answer is complete; returns what stops listening. */
  onGone(listener: () => void): () => void;
  /** Waits `simulatedMs` on the simulation's clock; rejects with {@link ClientGoneError} when the client goes first. */
  wait(sim: Simulation, simulatedMs: number): Promise<void>;
  readMultipart(limits: MultipartLimits): Promise<MultipartForm | undefined>;
}

/** The client left before its answer: nothing is left to send. */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
  constructor() {
    super('The client closed the connection before the response was sent.');
  }
}
