/**
 * The control API on every upstream port, under `/__pixmock`: health, the request journal,
 * reset, the active scenario and the simulated clock; framework-free, so both adapters serve it.
 * Bound to loopback by default; when an admin token is configured every call must carry it
 * (`Authorization: Bearer <token>`).
 *
 * A web page in the user's browser can send requests to loopback too, so before anything else a
 * call must name this machine in `Host` (a loopback name or the bound host: DNS rebinding sends
 * the attacker's name), must not come from another origin (`Origin`), and a POST, PUT or PATCH
 * must say `Content-Type: application/json`, which no page can send to another site without a
 * CORS preflight, and the admin API grants none unless `--admin-cors-origin` lists the page's origin
 * (the token is still required). All of that is checked before the body is read.
 */
import { timingSafeEqual } from 'node:crypto';
import { StateStoreUnavailableError } from '../sim/state-store-unavailable.js';
import { json, PixmockProblem, type CallRequest, type Reply, type UpstreamContext } from '../core/index.js';
import { ADMIN_PREFIX } from '../core/index.js';
import { consoleMethodsAt, createConsoleRoutes, isConsoleAsset } from './console/console-routes.js';
import type { ImageShelf } from './console/image-shelf.js';
import { normalizeOrigin } from './cors.js';
import { errorReply } from './error-reply.js';
import { hostnameOf, isLoopbackHost, isWildcardHost } from './loopback.js';
import { unknownScenario } from './scenarios.js';

/** `POST /__pixmock/clock` moves at most one simulated year at a time: past every TTL in mocks/, and far inside the range of dates. */
export const MAX_CLOCK_ADVANCE_MS = 365 * 24 * 60 * 60 * 1000;
/** The largest admin body: `{"name": …}` or `{"advanceMs": …}` need a few bytes. */
export const ADMIN_BODY_BYTES = 16 * 1024;
/** Methods a page could send as a "simple" cross-site request with a body; DELETE is always preflighted. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface AdminApiOptions {
  adminToken?: string;
  /** The address the server is bound to (`--host`); a Host header naming it is accepted besides loopback names. */
  host?: string;
  startedAt: number;
  /** Clears everything `POST /__pixmock/reset` documents as cleared. */
  reset(): Promise<void>;
  /** Sets (or clears) the scenario applied to every request. */
  setActiveScenario(name: string | undefined): Promise<void>;
  /** Other origins whose pages may call the admin API (`--admin-cors-origin`); none by default. */
  corsOrigins?: readonly string[];
  /** The images answers carried while the console watched. */
  shelf: ImageShelf;
  /** Aborted when the server closes (ends the console's feeds). */
  closing: AbortSignal;
}

export interface AdminApi {
  /** The refusal of a call before its body is read (another site, no token, a write without JSON), or undefined. */
  refuse(request: CallRequest): Reply | undefined;
  /** The answer to a call `refuse` let through, with its parsed JSON body. */
  answer(request: CallRequest, body: unknown): Promise<Reply>;
  /** The methods an admin path answers (for a CORS preflight); empty when it is no admin route. */
  methodsAt(path: string): string[];
}

export { ADMIN_PREFIX };

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

type Route = (request: CallRequest, body: Record<string, unknown> | undefined) => Reply | Promise<Reply>;

export function createAdminApi(ctx: UpstreamContext, { adminToken, host, startedAt, reset, setActiveScenario, corsOrigins = [], shelf, closing }: AdminApiOptions): AdminApi {
  const checkSite = siteCheck(host, adminToken, corsOrigins);
  const checkToken = adminToken ? tokenCheck(adminToken) : undefined;
  const health = async () => ({
    ...(await stateHealth(ctx)),
    upstream: ctx.id,
    seed: ctx.seed,
    latency: ctx.sim.profileName,
    timeScale: ctx.sim.timeScale,
    clock: { kind: ctx.sim.clock.kind, now: ctx.sim.clock.now(), pendingTimers: ctx.sim.clock.pendingTimers() },
    uptimeMs: Date.now() - startedAt,
    scenario: ctx.activeScenario() ?? null,
    journal: ctx.journal.size,
    limits: ctx.limits,
    operations: [...ctx.contract.operations.keys()],
  });
  const answerConsole = createConsoleRoutes({ ctx, shelf, health, closing });
  const routes: Record<string, Route> = {
    'GET /health': async () => json(await health()),
    'GET /requests': ({ query }) => {
      const limit = query.limit === undefined ? undefined : Number(query.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new PixmockProblem(400, 'Invalid limit', 'limit must be a non-negative integer.');
      const operationId = typeof query.operationId === 'string' ? query.operationId : undefined;
      return json({ requests: ctx.journal.list({ limit, operationId }) });
    },
    // WireMock's DELETE /__admin/requests: a fresh journal between test cases, state untouched.
    'DELETE /requests': () => {
      const cleared = ctx.journal.size;
      ctx.journal.clear();
      return json({ cleared });
    },
    'POST /reset': async () => {
      await reset();
      return json({ reset: true, state: await ctx.state.sizes() });
    },
    'GET /scenario': () => json({ scenario: ctx.activeScenario() ?? null, available: describeScenarios(ctx) }),
    'PUT /scenario': async (_request, body) => {
      const name = body?.name;
      if (name !== null && typeof name !== 'string') throw new PixmockProblem(400, 'Invalid scenario', 'Send {"name": "<scenario>"} or {"name": null} to clear it.');
      if (typeof name === 'string' && !Object.hasOwn(ctx.mocks.scenarios, name)) throw unknownScenario(ctx, name);
      await setActiveScenario(name ?? undefined);
      return json({ scenario: name });
    },
    'POST /clock': async (_request, body) => {
      const advanceMs = body?.advanceMs;
      const invalid = () => new PixmockProblem(400, 'Invalid clock change', `Send {"advanceMs": <simulated milliseconds from 0 to ${MAX_CLOCK_ADVANCE_MS}>}.`);
      if (typeof advanceMs !== 'number' || !(advanceMs >= 0 && advanceMs <= MAX_CLOCK_ADVANCE_MS)) throw invalid();
      try {
        await ctx.sim.clock.advance(ctx.sim.toClockMs(advanceMs));
      } catch (error) {
        // At a small time scale a year of simulated time can still be more clock time than a date holds.
        if (error instanceof RangeError) throw invalid();
        throw error;
      }
      return json({ now: ctx.sim.clock.now(), pendingTimers: ctx.sim.clock.pendingTimers() });
    },
  };

  return {
    refuse(request) {
      try {
        checkSite(request);
        // The token next: a caller without it learns nothing, not even whether its body parses.
        if (!isConsoleAsset(request.method, request.path.slice(ADMIN_PREFIX.length))) checkToken?.(request);
        checkJsonWrite(request);
        return undefined;
      } catch (error) {
        return errorReply(error, ctx, request);
      }
    },
    async answer(request, body) {
      const path = request.path.slice(ADMIN_PREFIX.length);
      const route = Object.hasOwn(routes, `${request.method} ${path}`) ? routes[`${request.method} ${path}`] : undefined;
      try {
        if (!route) {
          const consoleReply = await answerConsole(request, path);
          if (consoleReply) return consoleReply;
          throw new PixmockProblem(404, 'Unknown admin route', `${request.method} ${request.path} does not exist. See the README's "Simulation controls".`);
        }
        return await route(request, typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined);
      } catch (error) {
        return errorReply(error instanceof StateStoreUnavailableError ? new PixmockProblem(503, 'State store unavailable', error.message) : error, ctx, request);
      }
    },
    methodsAt(path) {
      const adminPath = path.slice(ADMIN_PREFIX.length);
      const routed = Object.keys(routes).filter((route) => route.endsWith(` ${adminPath}`)).map((route) => route.slice(0, route.indexOf(' ')));
      return [...routed, ...consoleMethodsAt(adminPath)];
    },
  };
}

/**
 * `ok`, or `degraded` while a store outside the process (Redis) does not answer: then the state
 * cannot be counted and the calls that need it answer the upstream's 500 until it is back.
 */
async function stateHealth(ctx: UpstreamContext) {
  const storage = ctx.state.info();
  try {
    const [state, stateBytes] = await Promise.all([ctx.state.sizes(), ctx.state.bytes()]);
    return { status: storage.available ? 'ok' : 'degraded', storage, state, stateBytes };
  } catch (error) {
    if (!(error instanceof StateStoreUnavailableError)) throw error;
    return { status: 'degraded', storage: { ...storage, available: false }, state: {}, stateBytes: {} };
  }
}

function describeScenarios(ctx: UpstreamContext) {
  return Object.entries(ctx.mocks.scenarios).map(([name, scenario]) => ({
    name,
    description: scenario.description ?? '',
    operations: scenario.operations ?? 'all',
  }));
}

/**
 * Bound to every interface, any Host may be right, and only a token can tell a caller; without one, only loopback names pass.
 * A page may call only from this server's own origin or one the user listed (`--admin-cors-origin`).
 */
function siteCheck(boundHost: string | undefined, adminToken: string | undefined, corsOrigins: readonly string[]) {
  const anyHost = boundHost !== undefined && isWildcardHost(boundHost) && adminToken !== undefined;
  const bound = boundHost === undefined ? undefined : hostnameOf(boundHost).toLowerCase();
  const listed = new Set(corsOrigins.map(normalizeOrigin));
  return function refuseOtherSites({ headers }: CallRequest): void {
    const { host, origin } = headers;
    const name = host === undefined ? undefined : hostnameOf(host).toLowerCase();
    if (!anyHost && (name === undefined || !(isLoopbackHost(name) || name === bound))) {
      throw new PixmockProblem(
        403,
        'Admin call from another site refused',
        `Host ${host ?? '(none)'} is not a name of this machine. Call the admin API as http://127.0.0.1:<port>${ADMIN_PREFIX}/… or http://localhost:<port>${ADMIN_PREFIX}/…, or start pixmock with --host set to the name you use.`,
      );
    }
    if (origin !== undefined && origin.toLowerCase() !== `http://${host ?? ''}`.toLowerCase() && !listed.has(normalizeOrigin(origin))) {
      throw new PixmockProblem(403, 'Admin call from another site refused', `Origin ${origin} is not this server's own origin (http://${host ?? ''}): a web page may not drive the admin API. Call it from a script or a test, which sends no Origin, or list the page's origin with --admin-cors-origin.`);
    }
  };
}

function checkJsonWrite({ method, path, mediaType }: CallRequest): void {
  if (WRITE_METHODS.has(method) && mediaType !== 'application/json') {
    throw new PixmockProblem(
      415,
      'Admin write without JSON refused',
      `${method} ${path} needs Content-Type: application/json (the body may be empty), got ${mediaType ?? 'none'}; a web page cannot send that type to another site without a preflight.`,
    );
  }
}

function tokenCheck(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return function requireAdminToken({ headers }: CallRequest): void {
    const given = Buffer.from(headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new PixmockProblem(401, 'Admin token required', 'Send "Authorization: Bearer <admin token>" (the token given with --admin-token).');
    }
  };
}
