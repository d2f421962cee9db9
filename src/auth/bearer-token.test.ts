import { describe, expect, it, vi } from 'vitest';
import { checkBearer, parseBearer } from './bearer-token.js';

describe('parseBearer', () => {
  it.each([
    ['an absent header', undefined],
    ['an empty header', ''],
    ['a scheme without a token', 'Bearer'],
    ['a header without a space', 'Bearer\tapp-key'],
    ['a space but only one field (Dify raises ValueError)', ' Bearer'],
    ['a non-ASCII whitespace token (Dify raises ValueError)', 'Bearer \u00a0'],
  ])('reports missing_header for %s', (_case, header) => {
    expect(parseBearer(header)).toEqual({ ok: false, reason: 'missing_header' });
  });

  it.each([
    ['Basic', 'Basic YWxhZGRpbg=='],
    ['Token', 'Token app-key'],
    ['a scheme glued to the token', 'Bearerapp-key other'],
  ])('reports bad_scheme for %s', (_case, header) => {
    expect(parseBearer(header)).toEqual({ ok: false, reason: 'bad_scheme' });
  });

  it.each([
    ['Bearer app-key', 'app-key'],
    ['bearer app-key', 'app-key'],
    ['BEARER app-key', 'app-key'],
    ['  Bearer    app-key', 'app-key'],
    ['Bearer\tapp-key other', 'app-key other'],
    ['Bearer app-key other', 'app-key other'],
    ['Bearer app-key ', 'app-key '],
    ['Bearer \u00a0app-key', 'app-key'],
  ])('takes the token from %j as Python split(None, 1) would', (header, token) => {
    expect(parseBearer(header)).toEqual({ ok: true, token });
  });
});

describe('checkBearer', () => {
  const isKnownToken = (token: string) => token === 'app-known';

  it('accepts a known token', () => {
    expect(checkBearer('Bearer app-known', isKnownToken)).toEqual({ ok: true, token: 'app-known' });
  });

  it('reports invalid_token for an unknown token', () => {
    expect(checkBearer('Bearer app-unknown', isKnownToken)).toEqual({ ok: false, reason: 'invalid_token' });
  });

  it.each([
    [undefined, 'missing_header'],
    ['Basic app-known', 'bad_scheme'],
  ])('reports the header problem for %j before looking the token up', (header, reason) => {
    const lookup = vi.fn(isKnownToken);
    expect(checkBearer(header, lookup)).toEqual({ ok: false, reason });
    expect(lookup).not.toHaveBeenCalled();
  });
});
