/**
 * Polls pixmock's health route until it answers `status: ok` or the time is up: what a pipeline
 * that is not Node runs between starting `pixmock serve` in the background and its tests.
 */
import { ADMIN_PREFIX } from '../core/index.js';

/** Between two polls: short next to a start-up, long next to a request to loopback. */
const POLL_INTERVAL_MS = 100;
/** One poll never waits longer than this for an answer, so a stuck connection cannot eat the whole timeout. */
const POLL_TIMEOUT_MS = 2000;
const HEALTH_PATH = `${ADMIN_PREFIX}/health`;

export interface WaitForHealthOptions {
  timeoutMs: number;
  adminToken?: string;
}

export type WaitResult = { ready: true; healthUrl: string; upstream: string } | { ready: false; healthUrl: string; reason: string };

/** `http://127.0.0.1:4010` or its health URL itself: the URL polled. */
export function healthUrlOf(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith(HEALTH_PATH)) parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}${HEALTH_PATH}`;
  return parsed.href;
}

export async function waitForHealth(url: string, { timeoutMs, adminToken }: WaitForHealthOptions): Promise<WaitResult> {
  const healthUrl = healthUrlOf(url);
  const deadline = Date.now() + timeoutMs;
  const headers = adminToken ? { Authorization: `Bearer ${adminToken}` } : undefined;
  let reason = 'no answer yet';
  for (;;) {
    const left = deadline - Date.now();
    try {
      const response = await fetch(healthUrl, { headers, signal: AbortSignal.timeout(Math.max(1, Math.min(left, POLL_TIMEOUT_MS))) });
      const body = (await response.json().catch(() => undefined)) as { status?: string; upstream?: string } | undefined;
      if (response.ok && body?.status === 'ok') return { ready: true, healthUrl, upstream: body.upstream ?? '' };
      reason = response.ok ? `status ${body?.status ?? 'unknown'}` : `HTTP ${response.status}`;
      // A wrong token never becomes right by waiting.
      if (response.status === 401) return { ready: false, healthUrl, reason: 'HTTP 401: the admin token is missing or wrong (--admin-token or PIXMOCK_ADMIN_TOKEN)' };
    } catch (error) {
      reason = describeFailure(error);
    }
    if (Date.now() + POLL_INTERVAL_MS > deadline) return { ready: false, healthUrl, reason };
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return (error as Error).name === 'TimeoutError' ? 'no answer in time' : (error as Error).message;
}
