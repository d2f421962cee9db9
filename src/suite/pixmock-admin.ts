/**
 * What the suite asks of a pixmock target's admin API: its health (time scale, latency profile,
 * clock) and to move its clock. A target that does not answer is taken for a real upstream.
 */
import { ADMIN_PREFIX } from '../core/index.js';
import type { Transport } from './types.js';

const HEALTH_PATH = `${ADMIN_PREFIX}/health`;
const CLOCK_PATH = `${ADMIN_PREFIX}/clock`;

/** `GET /__pixmock/health`, or undefined when the target is not a pixmock. */
export async function readHealth(transport: Transport): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await transport.send({ method: 'GET', path: HEALTH_PATH, headers: {}, timeoutMs: 5000 });
    return response.status === 200 && response.json && typeof response.json === 'object' ? response.json as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Moves the target's clock by `advanceMs` simulated milliseconds; answers its new time, or undefined when it refused. */
export async function advanceClock(transport: Transport, advanceMs: number): Promise<number | undefined> {
  const response = await transport.send({ method: 'POST', path: CLOCK_PATH, headers: { 'Content-Type': 'application/json' }, json: { advanceMs }, timeoutMs: 10_000 }).catch(() => undefined);
  const now = (response?.json as { now?: unknown } | undefined)?.now;
  return response?.status === 200 && typeof now === 'number' ? now : undefined;
}

/** How far the target's clock (as its health reports it) is ahead of this machine's. */
export function clockOffsetOf(health: Record<string, unknown> | undefined): number {
  const now = (health?.clock as { now?: unknown } | undefined)?.now;
  return typeof now === 'number' ? now - Date.now() : 0;
}
