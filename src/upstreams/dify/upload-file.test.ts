import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createDifyTestServer, expectContract } from './test-helpers/dify-test-server.js';

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('uploadFile', () => {
  it('stores one image and answers 201 with its record', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await request(server.app).post('/v1/files/upload').set(server.auth).field('user', 'abc-123').attach('file', PNG_BYTES, { filename: 'example.png', contentType: 'image/png' });
    expectContract(server.context, 'uploadFile', { status: res.status, contentType: res.headers['content-type'], body: res.body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'example.png', size: PNG_BYTES.length, extension: 'png', mime_type: 'image/png' });
  });

  it.each([
    { name: 'no user', build: (r: request.Test) => r.attach('file', PNG_BYTES, 'a.png'), error: 'invalid_param', values: {} },
    { name: 'no file part', build: (r: request.Test) => r.field('user', 'u'), error: 'no_file_uploaded', values: {} },
    { name: 'two files', build: (r: request.Test) => r.field('user', 'u').attach('file', PNG_BYTES, 'a.png').attach('other', PNG_BYTES, 'b.png'), error: 'too_many_files', values: {} },
    { name: 'an .exe file', build: (r: request.Test) => r.field('user', 'u').attach('file', PNG_BYTES, 'tool.exe'), error: 'unsupported_file_type', values: {} },
    { name: 'a file without extension', build: (r: request.Test) => r.field('user', 'u').attach('file', PNG_BYTES, 'README'), error: 'unsupported_file_type', values: {} },
  ])('answers $name with $error', async ({ build, error, values }) => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const res = await build(request(server.app).post('/v1/files/upload').set(server.auth));
    const expected = server.context.contract.errors.render(error, values);
    expect({ status: res.status, body: res.body }).toEqual({ status: expected.status, body: expected.body });
    expectContract(server.context, 'uploadFile', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });

  it('answers an image over the image size limit with 413 file_too_large naming both sizes', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const limit = server.state.mocks.uploads.imageFileSizeLimitMb * 1024 * 1024;
    const big = Buffer.alloc(limit + 1);
    const res = await request(server.app).post('/v1/files/upload').set(server.auth).field('user', 'u').attach('file', big, 'big.png');
    const expected = server.context.contract.errors.render('file_too_large', { file_size: limit + 1, file_size_limit: limit });
    expect({ status: res.status, body: res.body }).toEqual({ status: 413, body: expected.body });
    expectContract(server.context, 'uploadFile', { status: res.status, contentType: res.headers['content-type'], body: res.body });
  });
});
