/**
 * Signed aibabe requests for the benchmarks, using the same `signRequest` as the contract suite.
 * The signature covers method, path, timestamp, user and body but not X-Request-ID, so one
 * signature can be replayed with a fresh request id each time (the replay guard only remembers ids).
 */
import { signRequest } from '../../src/auth/index.js';

export interface AibabeDemo {
  apiKey: string;
  apiSecret: string;
  userId: string;
  agentId: string;
}

let sequence = 0;

/** A request id that no other request of this process (or of the other benchmark processes) uses. */
export function nextRequestId(prefix = 'bench'): string {
  sequence += 1;
  return `${prefix}${process.pid}x${sequence}`;
}

export function signAibabe(demo: AibabeDemo, path: string, body: unknown): Record<string, string> {
  return signRequest({ apiKey: demo.apiKey, apiSecret: demo.apiSecret, userId: demo.userId, method: 'POST', path, body, requestId: nextRequestId() });
}

/** POST a signed JSON body and return the parsed envelope (throws on a non-JSON answer). */
export async function postAibabe<T = Record<string, unknown>>(baseUrl: string, demo: AibabeDemo, path: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { ...signAibabe(demo, path, body), ...extraHeaders },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export function isAibabeDemo(value: Record<string, string> | undefined): value is Record<string, string> & AibabeDemo {
  return Boolean(value?.apiKey && value.apiSecret && value.userId && value.agentId);
}
