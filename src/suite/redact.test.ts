import { describe, expect, it } from 'vitest';
import { createRedactor, redactHeaders, redactQuery } from './redact.js';

describe('createRedactor', () => {
  const redact = createRedactor(['sk-known-secret']);

  it.each([
    ['/files/tools/a.png?timestamp=1&nonce=n&sign=abc123', '/files/tools/a.png?timestamp=1&nonce=n&sign=***'],
    ['/files/tools/a.png?SIGN=abc123&x=1', '/files/tools/a.png?SIGN=***&x=1'],
    ['GET /v1/x?token=t0k&page=2', 'GET /v1/x?token=***&page=2'],
    ['/v1/x?access_token=a&api_key=b&apikey=c&key=d&secret=e&signature=f', '/v1/x?access_token=***&api_key=***&apikey=***&key=***&secret=***&signature=***'],
    ['/v1/x?monkey=banana&keyboard=1', '/v1/x?monkey=banana&keyboard=1'],
    ['Bearer sk-abc and sk-known-secret', 'Bearer *** and ***'],
  ])('turns %s into %s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('masks secret headers whatever their case and redacts the others', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'X-Api-Key': 'k', Referer: 'http://h/?token=t' }, redact)).toEqual({ Authorization: '***', 'X-Api-Key': '***', Referer: 'http://h/?token=***' });
  });

  it('masks secret query parameters whatever their case', () => {
    expect(redactQuery({ Sign: 's', page: '2', note: 'sk-known-secret' }, redact)).toEqual({ Sign: '***', page: '2', note: '***' });
  });
});
