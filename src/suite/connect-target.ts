/**
 * Connects to one target: the transport that reaches it (an in-process app, a fetch handler or
 * HTTP), its health when it is a pixmock, and what the reporters are told about it (time scale and
 * latency profile as given, else as its health reports them).
 */
import { readHealth } from './pixmock-admin.js';
import { createHttpTransport } from './transport/http-transport.js';
import { createInProcessTransport } from './transport/in-process-transport.js';
import type { SuiteTarget, TargetInfo, Transport } from './types.js';

export interface ConnectedTarget {
  transport: Transport;
  /** `GET /__pixmock/health` when the target is a pixmock (never read on a dry run). */
  health: Record<string, unknown> | undefined;
  info: TargetInfo;
}

export async function connectTarget(target: SuiteTarget, { dryRun = false }: { dryRun?: boolean } = {}): Promise<ConnectedTarget> {
  const transport = transportFor(target);
  const health = dryRun ? undefined : await readHealth(transport);
  return { transport, health, info: targetInfo(target, transport, health) };
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

function transportFor(target: SuiteTarget): Transport {
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
