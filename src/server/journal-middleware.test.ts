import request from 'supertest';
import { expect, it } from 'vitest';
import { createManualClock } from '../sim/clock.js';
import { createMockServer } from './create-mock-servers.js';

it('journals requests with their secrets redacted', async () => {
  const server = await createMockServer('dify', { clock: createManualClock(), latency: 'instant', seed: 1 });
  await request(server.app)
    .get('/files/tools/8faea5f8-b5c9-498a-b557-a39c474f0e59.png?timestamp=1&nonce=ab&sign=SECRET-SIGN')
    .set('Authorization', 'Bearer app-secret-key');
  const [entry] = server.context.journal.list();
  expect(entry).toMatchObject({ method: 'GET', query: { timestamp: '1', nonce: 'ab', sign: '[redacted]' }, headers: { authorization: '[redacted]' } });
  expect(JSON.stringify(entry)).not.toMatch(/SECRET-SIGN|app-secret-key/);
});
