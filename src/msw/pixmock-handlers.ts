/**
 * What both entries (Node and the browser bundle) hand a user: the MSW handlers of the upstreams
 * they picked, each upstream's app (its state, journal and demo credentials), and the controls a
 * test needs between cases. Built from upstream apps however they were composed.
 */
import type { HttpHandler } from 'msw';
import type { UpstreamApp } from '../server/create-upstream-app.js';
import type { Clock } from '../sim/clock.js';
import { parseBaseUrl } from './base-url.js';
import { createUpstreamHandler } from './upstream-handler.js';

/** One upstream served by MSW. */
export interface MswUpstream extends UpstreamApp {
  id: string;
  /** The base URL its handler answers under, without a trailing slash. */
  url: string;
  seed: number;
  /** Demo credentials and ids from mocks/ (what `pixmock serve` prints). */
  demo: Record<string, string>;
}

export interface PixmockHandlers {
  /** For `setupServer(...handlers)` (msw/node) or `setupWorker(...handlers)` (msw/browser). */
  handlers: HttpHandler[];
  upstreams: Record<string, MswUpstream>;
  /** Empties every upstream's state and journal and sets its scenario back to the one chosen at creation. */
  reset(): Promise<void>;
  /** Ends the console's live feeds and clears the pending simulated timers: held requests are answered no more. */
  close(): void;
}

/** An upstream app built for MSW, before its handler exists. */
export interface BuiltUpstream extends Omit<MswUpstream, 'url'> {
  baseUrl: string;
}

export async function assemblePixmockHandlers(built: readonly BuiltUpstream[], { clock, scenarios = {}, adminToken }: { clock: Clock; scenarios?: Partial<Record<string, string>>; adminToken?: string }): Promise<PixmockHandlers> {
  const upstreams: Record<string, MswUpstream> = {};
  const handlers: HttpHandler[] = [];
  for (const { baseUrl, ...app } of built) {
    const base = parseBaseUrl(app.id, baseUrl);
    upstreams[app.id] = { ...app, url: base.href };
    handlers.push(createUpstreamHandler(base, app));
  }
  const applyScenarios = () => Promise.all(Object.entries(scenarios).map(([id, name]) => name !== undefined && setScenario(upstreams[id], id, name, adminToken)));
  await applyScenarios();
  return {
    handlers,
    upstreams,
    async reset() {
      await Promise.all(Object.values(upstreams).map((upstream) => upstream.reset()));
      await applyScenarios();
    },
    close() {
      for (const upstream of Object.values(upstreams)) upstream.endFeeds();
      clock.dispose();
    },
  };
}

/** Sets the scenario every request gets, as `PUT /__pixmock/scenario` does; an unknown one refuses the start with the known names. */
async function setScenario(upstream: MswUpstream | undefined, id: string, name: string, adminToken: string | undefined): Promise<void> {
  if (!upstream) throw new RangeError(`Failed to set the scenario of ${id}: it is no upstream of the upstreams option. Add it there, or drop its scenario.`);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (adminToken) headers.authorization = `Bearer ${adminToken}`;
  const answer = await upstream.fetch(new Request('http://127.0.0.1/__pixmock/scenario', { method: 'PUT', headers, body: JSON.stringify({ name }) }));
  if (!answer.ok) {
    const problem = (await answer.json()) as { detail?: string };
    throw new RangeError(`Failed to set the scenario of ${id} to "${name}": ${problem.detail ?? answer.status}`);
  }
}
