/**
 * A gateway in front of one call (Dify's Cloudflare edge): the call's answer, or the gateway's page
 * once the call's simulated work passes the cut. Simulated time passes for a call only in its
 * waits and in the work it says it has planned (real time spent rendering does not count), so the
 * gate arms its clock timer only when a wait or a plan reaches past the cut: a call answered within
 * it costs no timer and no listener.
 */
import { NO_REPLY, type GatewayCut, type Reply, type UpstreamContext } from '../core/index.js';
import type { ClientConnection } from './client-connection.js';
import type { TimerHandle } from '../sim/clock.js';

export class GatewayGate {
  readonly #cut: GatewayCut;
  readonly #context: UpstreamContext;
  readonly #connection: ClientConnection;
  /** Simulated milliseconds the call has waited so far. */
  #waited = 0;
  #timer: TimerHandle | undefined;
  #stopWatching: (() => void) | undefined;
  #settle: ((reply: Reply) => void) | undefined;
  #done = false;

  constructor(cut: GatewayCut, context: UpstreamContext, connection: ClientConnection) {
    this.#cut = cut;
    this.#context = context;
    this.#connection = connection;
  }

  /** The answer `answer()` gives, unless the gate cuts the call first; the answer is started here. */
  race(answer: () => Promise<Reply>, onError: (error: unknown) => Reply): Promise<Reply> {
    return new Promise((resolve) => {
      this.#settle = resolve;
      answer().then(
        (reply) => this.#finish(reply),
        (error: unknown) => this.#finish(onError(error)),
      );
    });
  }

  /** The call is about to wait `simulatedMs`. */
  wait(simulatedMs: number): void {
    this.plan(simulatedMs);
    this.#waited += simulatedMs;
  }

  /** The call's work ends `simulatedMs` from now: past the cut, the gate arms for what is left of it. */
  plan(simulatedMs: number): void {
    if (this.#done || this.#timer !== undefined || this.#waited + simulatedMs < this.#cut.afterMs) return;
    const { clock } = this.#context.sim;
    this.#timer = clock.setTimer(() => this.#finish(this.#connection.gone() ? NO_REPLY : this.#cut.page()), this.#context.sim.toClockMs(this.#cut.afterMs - this.#waited));
    this.#stopWatching = this.#connection.onGone(() => this.#finish(NO_REPLY));
  }

  #finish(reply: Reply): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#timer !== undefined) this.#context.sim.clock.clearTimer(this.#timer);
    this.#stopWatching?.();
    this.#settle?.(reply);
  }
}
