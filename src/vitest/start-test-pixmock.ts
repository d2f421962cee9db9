/**
 * pixmock as one test file uses it, with no test runner in sight (so any runner's hooks can drive
 * it): the upstreams on free ports of 127.0.0.1 with one shared clock, the environment variables
 * the file names, and the calls a test makes between requests: reset, the journal, the scenario,
 * the clock. `usePixmock` wires it to Vitest's hooks.
 *
 * @example
 * const pixmock = await startTestPixmock({ upstreams: ['chatfire'], env: { OPENAI_BASE_URL: 'chatfire.url/v1' } });
 * // …the code under test calls process.env.OPENAI_BASE_URL…
 * expect(pixmock.requests('chatfire')).toHaveLength(1);
 * await pixmock.close();
 */
import { ADMIN_PREFIX, createMockServers, UPSTREAM_IDS, type JournalEntry, type MockServersOptions, type RunningMockServers, type RunningUpstream } from '../index.js';
import { applyEnv, resolveEnv, type EnvBindings, type ReadyUpstreams } from './env-bindings.js';

/** Tests wait for nothing they did not ask for: generations finish at once unless a test picks a profile. */
const TEST_LATENCY = 'instant';

export interface TestPixmockOptions extends Omit<MockServersOptions, 'ports' | 'host' | 'redis'> {
  /** Environment variables to set while the file runs, e.g. `{ DIFY_API_BASE: 'dify.url/v1', DIFY_API_KEY: 'dify.apiKey' }`. */
  env?: EnvBindings;
  /** A scenario per upstream, active from the start and again after every reset, e.g. `{ dify: 'gateway_502' }`. */
  scenarios?: Record<string, string>;
}

export interface TestPixmock {
  readonly seed: number;
  /** Each upstream by id: `url`, `demo` credentials, `context`, `fetch`. */
  readonly upstreams: RunningMockServers['upstreams'];
  /** What `pixmock serve --json` prints: each upstream's url and demo credentials. */
  readonly ready: ReadyUpstreams;
  url(upstream: string): string;
  /** The requests an upstream received since the last reset, oldest first, secrets redacted; admin calls left out. */
  requests(upstream: string, filter?: { operationId?: string; limit?: number }): JournalEntry[];
  /** Moves the shared clock forward by `ms` simulated milliseconds: held generations finish, links expire. */
  advance(ms: number): Promise<void>;
  /** Makes `name` the scenario of every request to `upstream` until the next reset; `null` clears it. */
  scenario(upstream: string, name: string | null): Promise<void>;
  /** Empties every upstream's state, journal and scenario, then applies the file's `scenarios` again. */
  reset(): Promise<void>;
  /** Stops the servers and restores the environment variables. */
  close(): Promise<void>;
}

export async function startTestPixmock({ env = {}, scenarios = {}, ...options }: TestPixmockOptions = {}): Promise<TestPixmock> {
  const ids = (options.upstreams ?? UPSTREAM_IDS).map((ref) => (typeof ref === 'string' ? ref : ref.id));
  const servers = await createMockServers({
    latency: TEST_LATENCY,
    ...options,
    ports: Object.fromEntries(ids.map((id) => [id, 0])),
  });
  let restoreEnv = () => {};
  const upstream = (id: string): RunningUpstream => {
    const found = Object.hasOwn(servers.upstreams, id) ? servers.upstreams[id] : undefined;
    if (!found) throw new RangeError(`Failed to reach ${id}: this pixmock serves ${Object.keys(servers.upstreams).join(', ')}. Add "${id}" to upstreams.`);
    return found;
  };
  const admin = async (id: string, method: string, route: string, body: unknown) => {
    const { url, fetch } = upstream(id);
    const response = await fetch(new Request(`${url}${ADMIN_PREFIX}${route}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
    if (!response.ok) throw new Error(`Failed to ${method} ${ADMIN_PREFIX}${route} on ${id}: ${response.status} ${await response.text()}`);
  };
  const applyScenarios = () => Promise.all(Object.entries(scenarios).map(([id, name]) => admin(id, 'PUT', '/scenario', { name })));
  try {
    const ready = servers.readyEvent().upstreams;
    restoreEnv = applyEnv(resolveEnv(env, ready));
    await applyScenarios();
    return {
      seed: servers.seed,
      upstreams: servers.upstreams,
      ready,
      url: (id) => upstream(id).url,
      requests(id, { operationId, limit } = {}) {
        // The journal records admin calls too (this helper's own among them); a test asks what its code sent.
        const sent = upstream(id).context.journal.list({ operationId }).filter((entry) => !entry.path.startsWith(ADMIN_PREFIX));
        return limit === undefined ? sent : sent.slice(sent.length - limit);
      },
      // One upstream's admin call moves the clock all of them share, converted by the time scale.
      advance: (ms) => admin(Object.keys(servers.upstreams)[0]!, 'POST', '/clock', { advanceMs: ms }),
      scenario: (id, name) => admin(id, 'PUT', '/scenario', { name }),
      async reset() {
        await Promise.all(Object.values(servers.upstreams).map((each) => each.reset()));
        await applyScenarios();
      },
      async close() {
        restoreEnv();
        await servers.close(0);
      },
    };
  } catch (error) {
    restoreEnv();
    await servers.close(0);
    throw error;
  }
}
