/**
 * Runs the contract suite: builds the cases from the contracts, sends them through a transport
 * (in-process or HTTP) to each target, runs every check on every response, and tells the
 * reporters as it goes. Never throws for a contract failure: failures are data in the result.
 *
 * @example
 * const server = await createMockServer('chatfire', { latency: 'fast', timeScale: 100 });
 * const result = await runContractSuite({
 *   targets: [{ upstream: 'chatfire', app: server.app, credentials: server.demo, live: false }],
 *   reporters: [createConsoleReporter()],
 * });
 * process.exitCode = result.passed ? 0 : 1;
 */
import { loadContracts, type ContractRegistry, type OperationContract } from '../contracts/index.js';
import { CheckFailure, CheckFailures } from './check-failure.js';
import { CASE_CHECKS, EXCHANGE_CHECKS, NOT_APPLICABLE, type CheckOutcome } from './checks/index.js';
import { flowFor } from './flows/index.js';
import type { FlowSession, SendInput, UpstreamFlow } from './flows/flow.js';
import { loadErrorExpectations, type ErrorExpectations } from './error-expectations.js';
import { generateCases, seededRandom } from './generate-cases.js';
import { loadLatencyBounds, type LatencyBounds } from './latency-bounds.js';
import { loadPromises, type SuitePromises } from './promises.js';
import { createRedactor, redactHeaders, redactQuery, type Redactor } from './redact.js';
import { applyAtPointer } from './schema-walk.js';
import { matchCatalogue } from './catalogue-match.js';
import { createWorkflowStreamValidator } from './sse-validator.js';
import { createHttpTransport } from './transport/http-transport.js';
import { createInProcessTransport } from './transport/in-process-transport.js';
import type {
  CaseCost, CaseResult, Exchange, Finding, SuiteCase, SuiteEvent, SuiteReporter, SuiteRequest, SuiteResult, SuiteTarget, TargetInfo, Transport,
} from './types.js';

const DEFAULT_TIMEOUT_SIM_MS = 60_000;
const MIN_TIMEOUT_WALL_MS = 10_000;
const TIMEOUT_MARGIN_SIM_MS = 30_000;
const RATE_LIMIT_RETRIES = 5;
const SSE_MAX_EVENTS = 1000;
/** Below this many wall milliseconds a stream budget would measure the suite's own overhead, not the target. */
const SSE_BUDGET_FLOOR_WALL_MS = 1000;
const HEALTH_PATH = '/__pixmock/health';
const CLOCK_PATH = '/__pixmock/clock';

export interface RunContractSuiteOptions {
  targets: SuiteTarget[];
  /** Only cases with these costs. Default: both. */
  tags?: CaseCost[];
  /** Most generation cases run (across targets). Default: 0 when any target is live, else unlimited. */
  budget?: number;
  /** Seeds generated bodies and ids; printed by the reporters; the same seed replays the run. */
  seed?: number;
  /** List the cases and their cost; send nothing. */
  dryRun?: boolean;
  reporters?: SuiteReporter[];
  contracts?: ContractRegistry;
  fixturesDir?: string;
  /** Generated valid bodies per operation. Default 2. */
  generatedPerOperation?: number;
  /** Keep only the cases this returns true for. */
  filter?: (suiteCase: SuiteCase) => boolean;
}

export async function runContractSuite(options: RunContractSuiteOptions): Promise<SuiteResult> {
  const started = performance.now();
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const contracts = options.contracts ?? (await loadContracts());
  const latencyBounds = await loadLatencyBounds(options.fixturesDir);
  const promises = await loadPromises(options.fixturesDir);
  const errorExpectations = await loadErrorExpectations(options.fixturesDir);
  const reporters = options.reporters ?? [];
  const anyLive = options.targets.some((t) => t.live);
  const budget = options.budget ?? (anyLive ? 0 : Number.POSITIVE_INFINITY);
  const tags = options.tags ?? ['free', 'generation'];
  const redact = createRedactor([...options.targets.flatMap((t) => secretsOf(t)), ...Object.values(promises.state.otherKeys)]);
  const emit = (event: SuiteEvent) => {
    for (const reporter of reporters) reporter.onEvent(event);
  };

  const prepared = await Promise.all(options.targets.map(async (target) => {
    const flow = flowFor(target.upstream);
    const transport = transportFor(target);
    const health = options.dryRun ? undefined : await readHealth(transport);
    const info = targetInfo(target, transport, health);
    const cases = (await generateCases({ contracts, flow, seed, fixturesDir: options.fixturesDir, generatedPerOperation: options.generatedPerOperation }))
      .filter((c) => tags.includes(c.cost))
      .filter((c) => options.filter?.(c) ?? true);
    return { target, flow, transport, info, cases, health };
  }));

  const allCases = prepared.flatMap((p) => p.cases);
  emit({ type: 'run-start', seed, targets: prepared.map((p) => p.info), cases: allCases, dryRun: options.dryRun ?? false, budget });

  const budgetState = { remaining: budget, used: 0 };
  const clockState = { generation: 0 };
  const results: CaseResult[] = [];
  if (!options.dryRun) {
    const running = prepared.map(({ target, flow, transport, info, health, cases }) => ({
      cases,
      runner: createTargetRunner({ target, flow, transport, info, health, contracts, latencyBounds, promises, errorExpectations, seed, redact, emit, budgetState, clockState }),
    }));
    const perTarget = await Promise.all(running.map(async ({ cases, runner }) => {
      const out: CaseResult[] = [];
      for (const suiteCase of cases.filter((c) => c.phase !== 'clock')) out.push(await runner.run(suiteCase));
      return out;
    }));
    results.push(...perTarget.flat());
    // Cases that move a target's clock run last and one at a time: `pixmock serve` shares one clock between its upstreams.
    for (const { cases, runner } of running) {
      for (const suiteCase of cases.filter((c) => c.phase === 'clock')) results.push(await runner.run(suiteCase));
    }
    await Promise.all(prepared.map(({ transport }) => transport.close?.()));
  } else {
    results.push(...allCases.map((c): CaseResult => ({ case: c, status: 'skipped', exchanges: [], findings: [], checksRun: 0, notes: [], skipReason: 'dry run', durationMs: 0 })));
  }

  const findings = results.flatMap((r) => r.findings);
  const result: SuiteResult = {
    seed,
    passed: results.every((r) => r.status !== 'failed'),
    targets: prepared.map((p) => p.info),
    cases: results,
    summary: {
      cases: results.length,
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
      checksRun: results.reduce((n, r) => n + r.checksRun, 0),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      generationCalls: budgetState.used,
      durationMs: Math.round(performance.now() - started),
    },
  };
  emit({ type: 'run-end', result });
  for (const reporter of reporters) await reporter.close?.();
  return result;
}

interface TargetRunnerOptions {
  target: SuiteTarget;
  flow: UpstreamFlow;
  transport: Transport;
  info: TargetInfo;
  /** `GET /__pixmock/health` when the target is a pixmock. */
  health: Record<string, unknown> | undefined;
  contracts: ContractRegistry;
  latencyBounds: LatencyBounds;
  promises: SuitePromises;
  errorExpectations: ErrorExpectations;
  seed: number;
  redact: Redactor;
  emit: (event: SuiteEvent) => void;
  budgetState: { remaining: number; used: number };
  /** Bumped whenever the suite moves any target's clock (targets may share one). */
  clockState: { generation: number };
}

interface TargetRunner {
  run(suiteCase: SuiteCase): Promise<CaseResult>;
}

function createTargetRunner(options: TargetRunnerOptions): TargetRunner {
  const { target, flow, transport, info, health, contracts, latencyBounds, promises, errorExpectations, seed, redact, emit, budgetState, clockState } = options;
  const upstream = contracts.upstream(target.upstream);
  const random = seededRandom(seed, `${target.upstream}/session`);
  const cache = new Map<string, unknown>();
  const pixmock = health !== undefined;
  const otherKey = promises.state.otherKeys[target.upstream];
  const credentials = pixmock && otherKey && !target.credentials.otherApiKey ? { ...target.credentials, otherApiKey: otherKey } : target.credentials;
  // The target's clock relative to the suite machine's: a pixmock's clock may have been moved (by this suite or before it).
  let clockOffsetMs = clockOffsetOf(health);
  let clockGeneration = clockState.generation;
  let current: { suiteCase: SuiteCase; exchanges: Exchange[]; started: number; notes: string[] } | undefined;

  const wallMs = (simulatedMs: number, floorMs = 0) => Math.max(floorMs, simulatedMs / info.timeScale);
  const boundFor = (operationId: string) => latencyBounds[target.upstream]?.[operationId];
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

  function tooLongToWait(aheadMs: number, what: string, where: string): string | undefined {
    const limit = promises.state.maxRealWaitMs;
    if (aheadMs <= limit) return undefined;
    return `${what} not checked: it needs ${minutes(aheadMs)} of real time on ${where}, over the suite's ${minutes(limit)} limit (fixtures/suite/promises.json state.maxRealWaitMs)`;
  }

  async function syncClock(): Promise<void> {
    if (!pixmock || clockGeneration === clockState.generation) return;
    clockOffsetMs = clockOffsetOf(await readHealth(transport));
    clockGeneration = clockState.generation;
  }

  async function advanceClock(clockMs: number): Promise<boolean> {
    if (!pixmock) return false;
    const response = await transport.send({ method: 'POST', path: CLOCK_PATH, headers: { 'Content-Type': 'application/json' }, json: { advanceMs: Math.ceil(clockMs * info.timeScale) }, timeoutMs: 10_000 }).catch(() => undefined);
    const now = (response?.json as { now?: unknown } | undefined)?.now;
    if (response?.status !== 200 || typeof now !== 'number') return false;
    clockOffsetMs = now - Date.now();
    clockState.generation += 1;
    clockGeneration = clockState.generation;
    return true;
  }

  const session: FlowSession = {
    upstream: target.upstream,
    credentials,
    live: target.live,
    timeScale: info.timeScale,
    contracts,
    cache,
    promises,
    latencyBounds,
    random: () => random.random(),
    now: () => Date.now() + clockOffsetMs,
    wallMs,
    sleep,
    progress(message) {
      if (current) emit({ type: 'case-progress', case: current.suiteCase, message: redact(message), elapsedMs: Math.round(performance.now() - current.started) });
    },
    note(text) {
      if (current && !current.notes.includes(text)) current.notes.push(text);
    },
    async waitForClock(untilMs, what) {
      const aheadMs = untilMs - session.now();
      if (aheadMs <= 0 || await advanceClock(aheadMs)) return { reached: true };
      const skipped = tooLongToWait(aheadMs, what, pixmock ? 'this target (its admin clock refused to move)' : 'a live upstream');
      if (skipped) return { skipped };
      session.progress(`waiting ${minutes(aheadMs)} of real time for ${what}`);
      await sleep(aheadMs);
      return { reached: true };
    },
    unreachableWait: (aheadMs, what) => (pixmock ? undefined : tooLongToWait(aheadMs, what, 'a live upstream')),
    async send(input: SendInput): Promise<Exchange> {
      for (let attempt = 0; ; attempt += 1) {
        const exchange = await sendOnce(input);
        if (attempt < RATE_LIMIT_RETRIES && isRateLimited(exchange)) {
          await session.sleep(wallMs(2000 * (attempt + 1), target.live ? 1000 : 20));
          continue;
        }
        current?.exchanges.push(exchange);
        return exchange;
      }
    },
  };

  function isRateLimited(exchange: Exchange): boolean {
    const response = exchange.response;
    if (!response || response.json === undefined) return false;
    const match = matchCatalogue(upstream.errors, response.status, response.json);
    return match !== undefined && flow.rateLimitErrorIds.includes(match.id);
  }

  async function sendOnce(input: SendInput): Promise<Exchange> {
    const operation = upstream.operations.get(input.operationId);
    if (!operation) throw new Error(`Failed to send: ${target.upstream} has no operation ${input.operationId}.`);
    const bound = boundFor(input.operationId);
    const timeoutSimMs = input.timeoutSimMs ?? (bound?.maxMs !== undefined ? bound.maxMs + TIMEOUT_MARGIN_SIM_MS : DEFAULT_TIMEOUT_SIM_MS);
    const request: SuiteRequest = {
      method: operation.method,
      path: fillPath(operation, input.pathParams ?? {}),
      ...(input.query ? { query: input.query } : {}),
      headers: { ...(input.json !== undefined || input.rawBody !== undefined ? { 'Content-Type': 'application/json' } : {}), ...input.headers },
      ...(input.json !== undefined ? { json: input.json } : {}),
      ...(input.rawBody !== undefined ? { rawBody: input.rawBody } : {}),
      ...(input.form ? { form: input.form } : {}),
      timeoutMs: wallMs(timeoutSimMs, MIN_TIMEOUT_WALL_MS),
    };
    if (input.reuseHeadersFrom) request.headers = { ...input.reuseHeadersFrom.headers };
    else if (operation.requiresAuth || input.auth) flow.authorize(request, input.auth ?? { kind: 'valid' }, session);

    const exchange: Exchange = { operationId: input.operationId, role: input.role, request, expect: input.expect ?? { kind: 'conforms' }, notes: { ...input.notes } };
    const controller = new AbortController();
    const eventSchemaId = operation.responses['200']?.['text/event-stream']?.eventSchemaId;
    const streamBudget = bound?.stream;
    if (input.sse && !streamBudget) throw new Error(`Failed to stream ${input.operationId}: fixtures/suite/latency-bounds.json gives it no stream budget. Add ${target.upstream}.${input.operationId}.stream {idleMs, totalMs, source}.`);
    const validator = input.sse && streamBudget
      ? createWorkflowStreamValidator({
        contracts,
        eventSchemaId,
        budgets: { maxEvents: SSE_MAX_EVENTS, idleMs: wallMs(streamBudget.idleMs, SSE_BUDGET_FLOOR_WALL_MS), totalMs: wallMs(streamBudget.totalMs, SSE_BUDGET_FLOOR_WALL_MS) },
        abort: () => controller.abort(),
      })
      : undefined;
    try {
      exchange.response = await transport.send(request, { onChunk: validator?.feed, signal: controller.signal, ...input.sendOptions });
      exchange.receivedAt = session.now();
    } catch (error) {
      exchange.error = redact((error as Error).message);
    }
    if (validator) {
      exchange.notes.sse = validator.finish();
      exchange.notes.noLatency = true;
    }
    return exchange;
  }

  /** Sends a case's requests (setup, primary, follow-ups); returns why it was skipped when the flow cannot run it here. */
  async function exercise(suiteCase: SuiteCase): Promise<string | undefined> {
    const prepared = await flow.prepare(suiteCase, session);
    if (prepared.skip) return prepared.skip;
    const body = mutate(prepared.body ?? suiteCase.body, suiteCase);
    const base: SendInput = {
      operationId: suiteCase.operationId,
      role: 'primary',
      pathParams: prepared.pathParams ?? suiteCase.pathParams,
      query: prepared.query ?? suiteCase.query,
      ...(body !== undefined ? { json: body } : {}),
      ...(prepared.form ?? suiteCase.form ? { form: prepared.form ?? suiteCase.form } : {}),
      notes: prepared.notes,
      sse: flow.streams?.(body) ?? false,
    };
    let primary: Exchange;
    if (suiteCase.auth.kind === 'replayed-request') {
      const first = await session.send({ ...base, role: 'replay-first', auth: { kind: 'valid' }, notes: {} });
      primary = await session.send({ ...base, auth: suiteCase.auth, expect: suiteCase.expect, reuseHeadersFrom: first.request });
    } else {
      primary = await session.send({ ...base, auth: suiteCase.auth, expect: suiteCase.expect });
    }
    if (suiteCase.kind === 'positive' && primary.response && primary.response.status < 300) await flow.followUp(suiteCase, primary, session);
    return undefined;
  }

  async function run(suiteCase: SuiteCase): Promise<CaseResult> {
    await syncClock();
    const started = performance.now();
    const exchanges: Exchange[] = [];
    const notes: string[] = [];
    current = { suiteCase, exchanges, started, notes };
    emit({ type: 'case-start', case: suiteCase });
    const findings: Finding[] = [];
    let checksRun = 0;
    const record = (error: unknown, operationId: string, check: string) => {
      if (error instanceof CheckFailures) for (const failure of error.failures) findings.push(failure.toFinding(suiteCase.id, operationId));
      else if (error instanceof CheckFailure) findings.push(error.toFinding(suiteCase.id, operationId));
      else findings.push(crashFinding(suiteCase, operationId, check, error));
    };

    const finish = (status: CaseResult['status'], skipReason?: string): CaseResult => {
      current = undefined;
      const result: CaseResult = {
        case: suiteCase,
        status,
        exchanges: exchanges.map((x) => redactExchange(x, redact)),
        findings: findings.map((f) => ({ ...f, received: redact(f.received), documented: redact(f.documented), message: redact(f.message) })),
        checksRun,
        notes,
        ...(skipReason ? { skipReason } : {}),
        durationMs: Math.round(performance.now() - started),
      };
      emit({ type: 'case-end', result });
      return result;
    };

    if (suiteCase.cost === 'generation') {
      if (budgetState.remaining <= 0) return finish('skipped', `generation budget exhausted (--budget ${budgetState.used + budgetState.remaining})`);
      budgetState.remaining -= 1;
      budgetState.used += 1;
    }

    let skipReason: string | undefined;
    try {
      skipReason = await exercise(suiteCase);
    } catch (error) {
      record(error, suiteCase.operationId, 'flow');
    }
    // A skip comes before the primary request, so no generation was paid for.
    if (skipReason !== undefined && suiteCase.cost === 'generation') {
      budgetState.remaining += 1;
      budgetState.used -= 1;
    }

    for (const exchange of exchanges) {
      const operation = upstream.operations.get(exchange.operationId) as OperationContract;
      if (!exchange.response) {
        findings.push({ check: 'transport', caseId: suiteCase.id, operationId: exchange.operationId, severity: 'error', pointer: '', received: exchange.error ?? 'no response', documented: 'a response', message: `Received: ${exchange.error ?? 'no response'} / Documented: a response` });
        continue;
      }
      for (const [name, check] of Object.entries(EXCHANGE_CHECKS)) {
        try {
          const outcome = await check({ exchange, response: exchange.response, suiteCase, operation, contracts, target: info, latencyBounds, promises, errorExpectations, now: exchange.receivedAt ?? session.now() });
          countOutcome(outcome);
        } catch (error) {
          checksRun += 1;
          record(error, exchange.operationId, name);
        }
      }
    }
    for (const [name, check] of Object.entries(CASE_CHECKS)) {
      try {
        countOutcome(await check({ suiteCase, exchanges, contracts, target: info, latencyBounds, promises, now: session.now() }));
      } catch (error) {
        checksRun += 1;
        record(error, suiteCase.operationId, name);
      }
    }
    function countOutcome(outcome: CheckOutcome) {
      if (outcome === NOT_APPLICABLE) return;
      if (outcome && typeof outcome === 'object') {
        if (!notes.includes(outcome.skipped)) notes.push(outcome.skipped);
        return;
      }
      checksRun += 1;
    }
    if (findings.some((f) => f.severity === 'error')) return finish('failed');
    return skipReason === undefined ? finish('passed') : finish('skipped', skipReason);
  }

  return { run };
}

function clockOffsetOf(health: Record<string, unknown> | undefined): number {
  const now = (health?.clock as { now?: unknown } | undefined)?.now;
  return typeof now === 'number' ? now - Date.now() : 0;
}

function mutate(body: unknown, suiteCase: SuiteCase): unknown {
  const mutation = suiteCase.mutation;
  if (!mutation || body === undefined) return body;
  if (mutation.kind === 'remove') return applyAtPointer(body, mutation.pointer, { remove: true });
  if (mutation.kind === 'set') return applyAtPointer(body, mutation.pointer, { value: mutation.value });
  const size = Buffer.byteLength(JSON.stringify(body));
  return applyAtPointer(body, mutation.pointer, { value: `pixmock-oversize-${'x'.repeat(Math.max(0, mutation.bytes - size))}` });
}

function fillPath(operation: OperationContract, params: Record<string, string>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (placeholder, name: string) => (Object.hasOwn(params, name) ? encodeURIComponent(params[name] as string) : placeholder));
}

async function readHealth(transport: Transport): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await transport.send({ method: 'GET', path: HEALTH_PATH, headers: {}, timeoutMs: 5000 });
    return response.status === 200 && response.json && typeof response.json === 'object' ? response.json as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function targetInfo(target: SuiteTarget, transport: Transport, health: Record<string, unknown> | undefined): TargetInfo {
  return {
    upstream: target.upstream,
    transport: transport.description,
    live: target.live,
    timeScale: target.timeScale ?? (typeof health?.timeScale === 'number' ? health.timeScale : 1),
    latencyProfile: target.latencyProfile ?? (typeof health?.latency === 'string' ? health.latency : 'realistic'),
  };
}

function transportFor(target: SuiteTarget) {
  if (target.app) return createInProcessTransport(target.app, { description: `in-process ${target.upstream}` });
  const handler = target.fetch;
  // Nothing is contacted: a loopback origin is what the mock's admin API accepts in Host.
  if (handler) return createHttpTransport('http://127.0.0.1', { fetch: (input, init) => handler(new Request(input, init)), description: `fetch adapter ${target.upstream}` });
  return createHttpTransport(requireBaseUrl(target));
}

function requireBaseUrl(target: SuiteTarget): string {
  if (!target.baseUrl) throw new Error(`Failed to run the suite against ${target.upstream}: give the target a baseUrl, an app or a fetch handler.`);
  return target.baseUrl;
}

function secretsOf(target: SuiteTarget): string[] {
  const flow = flowFor(target.upstream);
  return flow.secretCredentials.map((name) => target.credentials[name]).filter((v): v is string => typeof v === 'string');
}

/** Bodies larger than this are dropped from the result once checked (images, oversize payloads). */
const KEPT_BODY_BYTES = 64 * 1024;

function redactExchange(exchange: Exchange, redact: Redactor): Exchange {
  const { json: _json, rawBody: _rawBody, form: _form, ...request } = exchange.request;
  const response = exchange.response && exchange.response.body.length > KEPT_BODY_BYTES ? { ...exchange.response, body: Buffer.alloc(0), json: undefined } : exchange.response;
  return { ...exchange, ...(response ? { response } : {}), request: { ...request, path: redact(request.path), headers: redactHeaders(request.headers, redact), ...(request.query ? { query: redactQuery(request.query, redact) } : {}) } };
}

function crashFinding(suiteCase: SuiteCase, operationId: string, check: string, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return { check, caseId: suiteCase.id, operationId, severity: 'error', pointer: '', received: `the check crashed: ${message}`, documented: 'a completed check', message: `Received: the check crashed: ${message} / Documented: a completed check` };
}
