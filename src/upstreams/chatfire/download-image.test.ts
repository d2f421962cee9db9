import request from 'supertest';
import sharp from 'sharp';
import { beforeEach, expect, it } from 'vitest';
import { readPlaceholderInfo } from '../../imaging/index.js';
import { createChatfireTestServer, expectDocumented, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

const DAY_MS = 86_400_000;
let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

async function completedTask(body: Record<string, unknown>) {
  const created = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', 'latency=0').send(body);
  const taskId: string = created.body.task_id;
  const end = (await server.state.tasks.get(taskId))?.end?.at ?? 0;
  await server.clock.advance(end - server.clock.now());
  return { taskId, end };
}

function download(file: string) {
  return request(server.app).get(`/v1/files/images/${file}`).set('Prefer', 'latency=0');
}

it('serves url and oss_url links as PNGs of the requested size, without Authorization', async () => {
  const { taskId } = await completedTask({ model: 'jimeng', prompt: '樱花树下的女孩', size: '1792x1024', n: 2 });
  for (const file of [`${taskId}-0.png`, `${taskId}-1-oss.png`]) {
    const res = await download(file);
    expectDocumented(server, 'downloadImage', res);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe(`private, max-age=${DAY_MS / 1000}`);
    expect(await sharp(res.body as Buffer).metadata()).toMatchObject({ format: 'png', width: 1792, height: 1024 });
    expect(readPlaceholderInfo(res.body as Buffer)?.prompt).toBe('樱花树下的女孩');
  }
});

it('serves the same bytes on every download of an image', async () => {
  const { taskId } = await completedTask({ model: 'jimeng', prompt: 'x' });
  const first = await download(`${taskId}-0.png`);
  const second = await download(`${taskId}-0-oss.png`);
  expect(Buffer.compare(first.body as Buffer, second.body as Buffer)).toBe(0);
});

it('answers 410 image_expired from expires_at on', async () => {
  const { taskId, end } = await completedTask({ model: 'jimeng', prompt: 'x' });
  const expiresAt = Math.floor((end + DAY_MS) / 1000) * 1000;
  await server.clock.advance(expiresAt - 1 - server.clock.now());
  expect((await download(`${taskId}-0.png`)).status).toBe(200);
  await server.clock.advance(1);
  const res = await download(`${taskId}-0.png`);
  expectDocumented(server, 'downloadImage', res);
  expect(res.status).toBe(410);
  expect(res.body).toEqual(server.context.contract.errors.render('image_expired', { image_file: `${taskId}-0.png`, expires_at: expiresAt / 1000 }).body);
});

it.each([
  ['an unknown task', () => 'img_unknown-0.png'],
  ['an index beyond n', (taskId: string) => `${taskId}-1.png`],
  ['a malformed file name', (taskId: string) => `${taskId}.png`],
])('answers 404 image_not_found for %s', async (_case, file) => {
  const { taskId } = await completedTask({ model: 'jimeng', prompt: 'x', n: 1 });
  const res = await download(file(taskId));
  expectDocumented(server, 'downloadImage', res);
  expect(res.status).toBe(404);
  expect(res.body.error.code).toBe('file_not_found');
});

it('answers 404 for an image of a task that has not completed', async () => {
  const created = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', 'latency=0').send({ model: 'keling', prompt: 'x' });
  expect((await download(`${created.body.task_id}-0.png`)).status).toBe(404);
});
