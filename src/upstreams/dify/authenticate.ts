/**
 * Dify's service-API key check (wraps.py validate_app_token): the Bearer header as
 * `validate_and_get_api_token` parses it, then the key's record in `mocks/dify/keys.yaml`.
 * A revoked key is unknown to Dify (it deletes it) → 401; a key whose app has the service API
 * switched off → 403. Returns the key record as the call's principal.
 */
import { checkBearer } from '../../auth/index.js';
import type { AuthenticationInput, UpstreamContext } from '../../core/index.js';
import type { DifyKey } from './dify-mocks.js';
import type { DifyState } from './dify-state.js';

/** Who sent a call: the record of its app key. */
export type DifyPrincipal = DifyKey;

export function authenticate({ request }: AuthenticationInput, ctx: UpstreamContext, state: DifyState): DifyPrincipal {
  const known = (token: string) => state.mocks.keys.find((key) => key.key === token && key.status !== 'revoked');
  const result = checkBearer(request.headers.authorization, (token) => known(token) !== undefined);
  if (!result.ok) throw ctx.error(`unauthorized_${result.reason}`);
  const key = known(result.token);
  if (!key) throw ctx.error('unauthorized_invalid_token');
  if (key.status === 'api_disabled') throw ctx.error('app_api_disabled');
  return key;
}

/** The first active key: what `pixmock serve` prints. */
export function demoKey(state: DifyState): string {
  const key = state.mocks.keys.find((candidate) => candidate.status === 'active');
  if (!key) throw new Error('Failed to find a demo key: mocks/dify/keys.yaml has no key with status active.');
  return key.key;
}
