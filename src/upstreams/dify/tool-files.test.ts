import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signToolFileUrl } from '../../auth/index.js';
import { readPngSize } from '../../imaging/index.js';
import { createDifyTestServer, expectContract, type DifyTestServer } from './test-helpers/dify-test-server.js';

async function generatedFileUrl(server: DifyTestServer): Promise<string> {
  const run = await request(server.app).post('/v1/workflows/run').set(server.auth).send({ inputs: { prompt: 'a fox' }, response_mode: 'blocking', user: 'u' });
  return run.body.data.outputs.files[0].url as string;
}

function withQuery(url: string, edit: (query: URLSearchParams) => void): string {
  const parsed = new URL(url, 'http://mock');
  edit(parsed.searchParams);
  return `${parsed.pathname}?${parsed.searchParams.toString()}`;
}

function expectError(server: DifyTestServer, res: request.Response, id: string, values: Record<string, string> = {}) {
  const expected = server.context.contract.errors.render(id, values);
  expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
  expectContract(server.context, 'getToolFile', { status: res.status, contentType: res.headers['content-type'], body: res.body });
}

describe('getToolFile', () => {
  it('serves the PNG of a good signature with Content-Type and Content-Length, without an app key', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const url = await generatedFileUrl(server);
    const res = await request(server.app).get(url).responseType('blob');
    expectContract(server.context, 'getToolFile', { status: res.status, contentType: res.headers['content-type'], body: (res.body as Buffer).toString('latin1') });
    expect(res.headers['content-type']).toBe('image/png');
    expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
    expect(readPngSize(res.body as Buffer)).toEqual({ width: 512, height: 512 });
    const attachment = await request(server.app).get(`${url}&as_attachment=true`).responseType('blob');
    expect(attachment.headers['content-disposition']).toBe('attachment; filename=image.png');
  });

  it('answers 403 file_forbidden once the signature is older than filesAccessTimeoutSeconds', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const url = await generatedFileUrl(server);
    const timeoutMs = server.state.mocks.signing.filesAccessTimeoutSeconds * 1000;
    await server.clock.advance(timeoutMs);
    expect((await request(server.app).get(url)).status).toBe(200);
    await server.clock.advance(1_000);
    expectError(server, await request(server.app).get(url), 'file_forbidden');
  });

  it.each([
    { name: 'a changed sign', edit: (q: URLSearchParams) => q.set('sign', 'F_kZ8pAmMi2xgtg47yGhgYXv_lAUHnZTD9_NuFQLkj0=') },
    { name: 'a changed nonce', edit: (q: URLSearchParams) => q.set('nonce', 'ab195cba5d0c37924bbbdfe1fd2c62e9') },
    { name: 'a changed timestamp', edit: (q: URLSearchParams) => q.set('timestamp', String(Number(q.get('timestamp')) + 1)) },
  ])('answers $name with 403 file_forbidden', async ({ edit }) => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const url = await generatedFileUrl(server);
    expectError(server, await request(server.app).get(withQuery(url, edit)), 'file_forbidden');
  });

  it.each(['timestamp', 'nonce', 'sign'])('answers a url without %s with 400 naming it', async (field) => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const url = await generatedFileUrl(server);
    expectError(server, await request(server.app).get(withQuery(url, (q) => q.delete(field))), 'file_missing_params', { field });
  });

  it('answers a well-signed url of a file it never generated with 415', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const url = signToolFileUrl({
      fileId: '8faea5f8-b5c9-498a-b557-a39c474f0e59',
      extension: '.png',
      secretKey: server.state.mocks.signing.secretKey,
      timestampSeconds: Math.floor(server.clock.now() / 1000),
      nonce: 'ab195cba5d0c37924bbbdfe1fd2c62e9',
    });
    expectError(server, await request(server.app).get(url), 'file_unsupported_type');
  });

  it('answers a file name that is not <uuid>.<ext> with 404', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    expectError(server, await request(server.app).get('/files/tools/not-a-uuid.png?timestamp=1&nonce=a&sign=b'), 'route_not_found');
  });
});
