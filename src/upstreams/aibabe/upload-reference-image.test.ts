import sharp from 'sharp';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPlaceholderInfo } from '../../imaging/index.js';
import { createAibabeHarness, decodeDataUrl, editedMocksDir, type AibabeHarness } from './test-helpers/aibabe-harness.js';

const UPLOAD = '/v1/agent/reference-image';
const COVER = { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' };
const image = (format: 'png' | 'jpeg' | 'webp') => sharp({ create: { width: 16, height: 16, channels: 3, background: '#c0ffee' } })[format]().toBuffer();
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 1)]);

describe('POST /v1/agent/reference-image', () => {
  let h: AibabeHarness;
  const upload = (bytes: Buffer, filename = 'ref.png', contentType = 'image/png') =>
    h.settle(h.post(UPLOAD).attach('file', bytes, { filename, contentType }));
  beforeAll(async () => {
    h = await createAibabeHarness();
  });
  beforeEach(() => h.server.reset());

  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('accepts a %s, signed with an empty canonical body, and tells its type from its bytes', async (format, mimeType) => {
    const bytes = await image(format);
    const res = await upload(bytes, 'photo.bin', 'application/octet-stream');
    expect(res.body).toMatchObject({ code: 10200, success: true, data: { mimeType, size: bytes.length, expiresAt: String(h.clock.now() + 86_400_000) } });
    h.expectContract('uploadReferenceImage', res);
  });

  it('gives a refImageId that agentCover accepts and marks the cover as img2img', async () => {
    const { refImageId } = (await upload(await image('png'))).body.data;
    const res = await h.call('/v1/agent/cover', { ...COVER, refImageId });
    expect(res.body.success).toBe(true);
    expect(readPlaceholderInfo(decodeDataUrl(res.body.data.imageData))?.referenceImage).toBe(true);
  });

  it('forgets a refImageId after 24 simulated hours', async () => {
    const { refImageId } = (await upload(await image('png'))).body.data;
    await h.clock.advance(86_400_001);
    const res = await h.call('/v1/agent/cover', { ...COVER, refImageId });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Reference image not found or expired');
  });

  it.each([
    ['a GIF', GIF, 'Unsupported image type: image/gif'],
    ['a text file named .png', Buffer.from('not an image at all'), 'Unsupported image type: application/octet-stream'],
  ])('answers HTTP 400 for %s', async (_case, bytes, message) => {
    const res = await upload(bytes);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 10400, success: false, message });
    h.expectContract('uploadReferenceImage', res);
  });

  it('answers "file is required" without a file part, and for a JSON body', async () => {
    const noFile = await h.settle(h.post(UPLOAD).field('note', 'hello'));
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toBe('file is required');
    h.expectContract('uploadReferenceImage', noFile);
    const json = await h.call(UPLOAD, { file: 'aGVsbG8=' });
    expect(json.body.message).toBe('file is required');
  });

  it('rejects a file over limits.referenceImage.maxBytes', async () => {
    const mocksDir = await editedMocksDir({ 'aibabe/limits.yaml': (text) => text.replace('maxBytes: 10485760', 'maxBytes: 1024') });
    const small = await createAibabeHarness({ mocksDir });
    const res = await small.settle(small.post(UPLOAD).attach('file', Buffer.concat([await image('png'), Buffer.alloc(2048)]), 'big.png'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 10400, message: 'File too large: the limit is 1024 bytes' });
    small.expectContract('uploadReferenceImage', res);
  });
});
