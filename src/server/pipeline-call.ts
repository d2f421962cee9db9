/**
 * The `call` a handler gets: a class, because every held request keeps its call, and instances of
 * one class share their methods and a hidden class where an object literal with a getter and
 * closures costs more heap per held request and more CPU per call (the ablation in bench/README.md).
 */
import type { OperationContract } from '../contracts/index.js';
import type { ScenarioDefinition } from '../mocks/index.js';
import type { Call, CallRequest, MultipartForm, MultipartLimits, Preferences, UpstreamContext } from '../core/index.js';
import { ClientGoneError, type ClientConnection } from './client-connection.js';

/** What a gateway in front learns of a call's simulated time. */
export interface GatewayWatch {
  wait(simulatedMs: number): void;
  plan(simulatedMs: number): void;
}

export class PipelineCall<Principal> implements Call<Principal> {
  readonly #context: UpstreamContext;
  readonly #connection: ClientConnection;
  // Made on first use: only a handler that asks for it pays for an AbortController.
  #signal: AbortSignal | undefined;
  #sampledLatencyMs: number | undefined;
  /** Set by the pipeline when a gateway is in front of this call. */
  gate: GatewayWatch | undefined;

  constructor(
    context: UpstreamContext,
    connection: ClientConnection,
    readonly operation: OperationContract,
    readonly request: CallRequest,
    readonly params: Readonly<Record<string, string>>,
    readonly body: unknown,
    readonly principal: Principal,
    readonly preferences: Preferences,
    readonly scenarioName: string | undefined,
    readonly scenario: ScenarioDefinition | undefined,
  ) {
    this.#context = context;
    this.#connection = connection;
  }

  get signal(): AbortSignal {
    if (!this.#signal) {
      const controller = new AbortController();
      if (this.#connection.gone()) controller.abort(new ClientGoneError());
      else this.#connection.onGone(() => controller.abort(new ClientGoneError()));
      this.#signal = controller.signal;
    }
    return this.#signal;
  }

  clientGone(): boolean {
    return this.#connection.gone();
  }

  latencyMs(): number {
    return this.preferences.latencyMs ?? (this.#sampledLatencyMs ??= this.#context.sim.latency.sample(this.operation.operationId));
  }

  wait(simulatedMs: number): Promise<void> {
    this.gate?.wait(simulatedMs);
    if (simulatedMs > 0) return this.#connection.wait(this.#context.sim, simulatedMs);
    return this.#connection.gone() ? Promise.reject(new ClientGoneError()) : Promise.resolve();
  }

  expectAnswerWithin(simulatedMs: number): void {
    this.gate?.plan(simulatedMs);
  }

  multipart(limits: MultipartLimits): Promise<MultipartForm | undefined> {
    return this.#connection.readMultipart(limits);
  }
}
