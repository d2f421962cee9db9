/**
 * The control API on every upstream port, under `/__pixmock`: health, the request journal,
 * reset, the active scenario and the simulated clock. Bound to loopback by default; when an admin
 * token is configured every call must carry it (`Authorization: Bearer <token>`).
 *
 * A web page in the user's browser can send requests to loopback too, so before anything else a
 * call must name this machine in `Host` (a loopback name or the bound host: DNS rebinding sends
 * the attacker's name), must not come from another origin (`Origin`), and a POST or PUT must say
 * `Content-Type: application/json`, which no page can send to another site without a CORS
 * preflight, and the admin API grants none.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { hostnameOf, isLoopbackHost, isWildcardHost } from './loopback.js';
import { PixmockProblem, type UpstreamContext } from '../core/index.js';
import { unknownScenario } from './scenarios.js';

export const ADMIN_PREFIX = '/__pixmock';
/** `POST /__pixmock/clock` moves at most one simulated year at a time: past every TTL in mocks/, and far inside the range of dates. */
export const MAX_CLOCK_ADVANCE_MS = 365 * 24 * 60 * 60 * 1000;
/** Methods a page could send as a "simple" cross-site request with a body; DELETE is always preflighted. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface AdminRouterOptions {
  adminToken?: string;
  /** The address the server is bound to (`--host`); a Host header naming it is accepted besides loopback names. */
  host?: string;
  startedAt: number;
  /** Clears everything `POST /__pixmock/reset` documents as cleared. */
  reset(): void;
  /** Sets (or clears) the scenario applied to every request. */
  setActiveScenario(name: string | undefined): void;
}

export function createAdminRouter(ctx: UpstreamContext, { adminToken, host, startedAt, reset, setActiveScenario }: AdminRouterOptions): Router {
  const router = express.Router();
  router.use(refuseOtherSites(host, adminToken));
  // The token next: a caller without it learns nothing, not even whether its body parses.
  if (adminToken) router.use(requireAdminToken(adminToken));
  router.use(requireJsonWrites);
  router.use(express.json({ limit: '16kb' }));

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      upstream: ctx.id,
      seed: ctx.seed,
      latency: ctx.sim.profileName,
      timeScale: ctx.sim.timeScale,
      clock: { kind: ctx.sim.clock.kind, now: ctx.sim.clock.now(), pendingTimers: ctx.sim.clock.pendingTimers() },
      uptimeMs: Date.now() - startedAt,
      scenario: ctx.activeScenario() ?? null,
      state: ctx.state.sizes(),
      stateBytes: ctx.state.bytes(),
      journal: ctx.journal.size,
      limits: ctx.limits,
      operations: [...ctx.contract.operations.keys()],
    });
  });

  router.get('/requests', (req, res) => {
    const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw new PixmockProblem(400, 'Invalid limit', 'limit must be a non-negative integer.');
    }
    const operationId = typeof req.query.operationId === 'string' ? req.query.operationId : undefined;
    res.json({ requests: ctx.journal.list({ limit, operationId }) });
  });

  // WireMock's DELETE /__admin/requests: a fresh journal between test cases, state untouched.
  router.delete('/requests', (_req, res) => {
    const cleared = ctx.journal.size;
    ctx.journal.clear();
    res.json({ cleared });
  });

  router.post('/reset', (_req, res) => {
    reset();
    res.json({ reset: true, state: ctx.state.sizes() });
  });

  router.get('/scenario', (_req, res) => {
    res.json({ scenario: ctx.activeScenario() ?? null, available: describeScenarios(ctx) });
  });

  router.put('/scenario', (req, res) => {
    const name: unknown = req.body?.name;
    if (name !== null && typeof name !== 'string') {
      throw new PixmockProblem(400, 'Invalid scenario', 'Send {"name": "<scenario>"} or {"name": null} to clear it.');
    }
    if (typeof name === 'string' && !ctx.mocks.scenarios[name]) throw unknownScenario(ctx, name);
    setActiveScenario(name ?? undefined);
    res.json({ scenario: name });
  });

  router.post('/clock', async (req, res) => {
    const advanceMs: unknown = req.body?.advanceMs;
    const invalid = () => new PixmockProblem(400, 'Invalid clock change', `Send {"advanceMs": <simulated milliseconds from 0 to ${MAX_CLOCK_ADVANCE_MS}>}.`);
    if (typeof advanceMs !== 'number' || !(advanceMs >= 0 && advanceMs <= MAX_CLOCK_ADVANCE_MS)) throw invalid();
    try {
      await ctx.sim.clock.advance(ctx.sim.toClockMs(advanceMs));
    } catch (error) {
      // At a small time scale a year of simulated time can still be more clock time than a date holds.
      if (error instanceof RangeError) throw invalid();
      throw error;
    }
    res.json({ now: ctx.sim.clock.now(), pendingTimers: ctx.sim.clock.pendingTimers() });
  });

  router.use((req: Request) => {
    throw new PixmockProblem(404, 'Unknown admin route', `${req.method} ${ADMIN_PREFIX}${req.path} does not exist. See the README's "Simulation controls".`);
  });
  return router;
}

function describeScenarios(ctx: UpstreamContext) {
  return Object.entries(ctx.mocks.scenarios).map(([name, scenario]) => ({
    name,
    description: scenario.description ?? '',
    operations: scenario.operations ?? 'all',
  }));
}

/** Bound to every interface, any Host may be right, and only a token can tell a caller; without one, only loopback names pass. */
function refuseOtherSites(boundHost: string | undefined, adminToken: string | undefined) {
  const anyHost = boundHost !== undefined && isWildcardHost(boundHost) && adminToken !== undefined;
  const bound = boundHost === undefined ? undefined : hostnameOf(boundHost).toLowerCase();
  return function refuseOtherSitesMiddleware(req: Request, _res: Response, next: NextFunction) {
    const { host, origin } = req.headers;
    const name = host === undefined ? undefined : hostnameOf(host).toLowerCase();
    if (!anyHost && (name === undefined || !(isLoopbackHost(name) || name === bound))) {
      throw new PixmockProblem(
        403,
        'Admin call from another site refused',
        `Host ${host ?? '(none)'} is not a name of this machine. Call the admin API as http://127.0.0.1:<port>${ADMIN_PREFIX}/… or http://localhost:<port>${ADMIN_PREFIX}/…, or start pixmock with --host set to the name you use.`,
      );
    }
    if (origin !== undefined && origin.toLowerCase() !== `http://${host ?? ''}`.toLowerCase()) {
      throw new PixmockProblem(403, 'Admin call from another site refused', `Origin ${origin} is not this server's own origin (http://${host ?? ''}): a web page may not drive the admin API. Call it from a script or a test, which sends no Origin.`);
    }
    next();
  };
}

function requireJsonWrites(req: Request, _res: Response, next: NextFunction) {
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (WRITE_METHODS.has(req.method) && mediaType !== 'application/json') {
    throw new PixmockProblem(
      415,
      'Admin write without JSON refused',
      `${req.method} ${ADMIN_PREFIX}${req.path} needs Content-Type: application/json (the body may be empty), got ${mediaType ?? 'none'}; a web page cannot send that type to another site without a preflight.`,
    );
  }
  next();
}

function requireAdminToken(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return function requireAdminTokenMiddleware(req: Request, _res: Response, next: NextFunction) {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new PixmockProblem(401, 'Admin token required', 'Send "Authorization: Bearer <admin token>" (the token given with --admin-token).');
    }
    next();
  };
}
