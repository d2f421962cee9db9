/**
 * chatfire's gate, in one-api's order: the Bearer token must name an active key of
 * mocks/chatfire/keys.yaml, then the key must be under its rate limit — a sliding window of
 * `rateWindowMs` simulated milliseconds holding at most `rpm` requests, counted across the three
 * authenticated operations. Returns the key record as the call's principal.
 */
import { parseBearer } from '../../auth/bearer-token.js';
import type { AuthenticationInput, UpstreamContext } from '../../core/index.js';
import type { ChatfireKey } from './chatfire-mocks.js';
import type { ChatfireState } from './chatfire-state.js';

/** The catalogue error for a key that exists but may not be used. */
const KEY_STATUS_ERRORS: Record<Exclude<ChatfireKey['status'], 'active'>, string> = {
  revoked: 'unauthorized_token_disabled',
  expired: 'unauthorized_token_expired',
  exhausted: 'unauthorized_quota_exhausted',
};

export interface ChatfirePrincipal {
  token: string;
  key: ChatfireKey;
}

export async function authenticate({ request }: AuthenticationInput, ctx: UpstreamContext, state: ChatfireState): Promise<ChatfirePrincipal> {
  const bearer = parseBearer(request.headers.authorization);
  // one-api strips "Bearer " and looks the rest up, so another scheme is just an unknown token.
  if (!bearer.ok) throw ctx.error(bearer.reason === 'missing_header' ? 'unauthorized_missing_token' : 'unauthorized_invalid_token');
  const key = state.mocks.keys[bearer.token];
  if (!key) throw ctx.error('unauthorized_invalid_token');
  if (key.status !== 'active') throw ctx.error(KEY_STATUS_ERRORS[key.status]);

  const rpm = key.rpm ?? state.mocks.limits.defaultRpm;
  const now = ctx.sim.clock.now();
  const windowStart = now - ctx.sim.toClockMs(state.mocks.limits.rateWindowMs);
  await state.requestTimes.update(bearer.token, (times = []) => {
    const recent = times.filter((at) => at > windowStart);
    if (recent.length >= rpm) throw ctx.error('rate_limited', { rpm });
    return [...recent, now];
  });
  return { token: bearer.token, key };
}
