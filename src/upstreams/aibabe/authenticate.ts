/**
 * Who may call: the aibabe HMAC signature check (src/auth `verifyRequest`, per-key replay guard),
 * then the key's own state — disabled (HTTP 200 "Invalid API key"), its token bucket (HTTP 200
 * "Too many requests…") and its total-call quota (HTTP 200 "API key usage limit reached").
 *
 * The replay window and the timestamp window read the shell's clock, so a manual clock in a test
 * can push a signed timestamp out of the window. Bucket refills run on simulated time (clock time
 * × time scale), like every other duration in the mock. A call refused by the bucket does not
 * count towards the quota.
 */
import { verifyRequest, type AibabeAuthFailureReason, type AibabeAuthHeader } from '../../auth/index.js';
import type { AuthenticationInput, CallRequest, UpstreamContext, UpstreamHttpError } from '../../core/index.js';
import type { AibabeKey } from './aibabe-mocks.js';
import type { AibabeState } from './aibabe-state.js';

const UNSIGNED_INTEGER = /^\d+$/;

/** The caller, handed to every handler as `call.principal`. */
export interface AibabePrincipal {
  key: AibabeKey;
  apiKey: string;
  userId: string;
  requestId: string;
}

export async function authenticate({ request, body }: AuthenticationInput, ctx: UpstreamContext, state: AibabeState): Promise<AibabePrincipal> {
  const { mocks } = state;
  const now = ctx.sim.clock.now();
  const isMultipart = request.mediaType === 'multipart/form-data';
  const result = verifyRequest({
    method: request.method,
    path: request.path,
    headers: request.headers,
    query: request.query,
    body: isMultipart ? undefined : body,
    isMultipart,
    now,
    windowMs: mocks.limits.timestampSkewMs,
    lookupSecret: (apiKey) => mocks.keys.find((key) => key.apiKey === apiKey)?.apiSecret,
  });
  if (!result.ok) throw authFailure(request, ctx, result.reason, result.header);
  if (await isReplay(state, result.apiKey, result.requestId, now)) throw authFailure(request, ctx, 'replayed_request');

  const key = mocks.keys.find((candidate) => candidate.apiKey === result.apiKey) as AibabeKey;
  if (key.status !== 'active') throw ctx.error('invalid_api_key');
  await takeToken(ctx, state, key);
  await state.usage.update(key.apiKey, (used = key.used) => {
    if (used >= key.usageLimit) throw ctx.error('quota_exhausted');
    return used + 1;
  });
  return { key, apiKey: key.apiKey, userId: result.userId, requestId: result.requestId };
}

/** True when the key sent this X-Request-ID within the replay window; otherwise the id is remembered. Ids are per key: two integrators may well pick the same one. */
async function isReplay({ replayIds, mocks }: AibabeState, apiKey: string, requestId: string, now: number): Promise<boolean> {
  const windowMs = Math.max(1, mocks.limits.replayWindowMs);
  let replay = false;
  await replayIds.update(`${apiKey}\n${requestId}`, (seenAt) => {
    // Checked here too: the store's expiry runs on simulated time, the window on clock time.
    replay = seenAt !== undefined && now - seenAt <= windowMs;
    return replay ? seenAt : now;
  });
  return replay;
}

async function takeToken(ctx: UpstreamContext, { buckets }: AibabeState, key: AibabeKey): Promise<void> {
  const { capacity, refillPerSecond } = key.rateLimit;
  const simulatedNow = ctx.sim.clock.now() * ctx.sim.timeScale;
  let limited = false;
  await buckets.update(key.apiKey, (bucket = { tokens: capacity, at: simulatedNow }) => {
    const tokens = Math.min(capacity, bucket.tokens + ((simulatedNow - bucket.at) / 1000) * refillPerSecond);
    limited = tokens < 1;
    return { tokens: limited ? tokens : tokens - 1, at: simulatedNow };
  });
  if (limited) throw ctx.error('rate_limited');
}

/**
 * src/auth reports a malformed Authorization as missing and a malformed X-Timestamp as expired;
 * the catalogue tells those apart (`unauthorized_malformed_header`).
 */
function authFailure(request: CallRequest, ctx: UpstreamContext, reason: AibabeAuthFailureReason, header?: AibabeAuthHeader): UpstreamHttpError {
  if (reason === 'missing_header' && header) {
    const present = (request.headers[header] ?? '').trim() !== '';
    return ctx.error(present ? 'unauthorized_malformed_header' : 'unauthorized_missing_header', { header: headerDisplayName(ctx, header) });
  }
  if (reason === 'timestamp_expired' && !UNSIGNED_INTEGER.test((request.headers['x-timestamp'] ?? '').trim())) {
    return ctx.error('unauthorized_malformed_header', { header: headerDisplayName(ctx, 'x-timestamp') });
  }
  return ctx.error(`unauthorized_${reason}`);
}

/** The header's name as the contract's security schemes spell it (`X-Request-ID`), `Authorization` for bearer. */
function headerDisplayName(ctx: UpstreamContext, header: AibabeAuthHeader): string {
  const schemes = ((ctx.contract.document.components as Record<string, unknown> | undefined)?.securitySchemes ?? {}) as Record<
    string,
    { type?: string; scheme?: string; name?: string }
  >;
  for (const scheme of Object.values(schemes)) {
    if (scheme.type === 'apiKey' && scheme.name?.toLowerCase() === header) return scheme.name;
    if (scheme.type === 'http' && scheme.scheme === 'bearer' && header === 'authorization') return 'Authorization';
  }
  return header;
}
