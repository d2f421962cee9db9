import request from 'supertest';
import { beforeEach, expect, it } from 'vitest';
import { readPlaceholderInfo, readPngSize } from '../../imaging/index.js';
import { createChatfireTestServer, expectDocumented, START_MS, type ChatfireTestServer } from './test-helpers/chatfire-test-server.js';

let server: ChatfireTestServer;

beforeEach(async () => {
  server = await createChatfireTestServer();
});

async function create(body: Record<string, unknown>) {
  const res = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).set('Prefer', 'latency=0').send(body);
  expect(res.status).toBe(200);
  return res.body.task_id as string;
}

function poll(taskId: string) {
  return request(server.app).get(`/v1/images/generations/${taskId}`).set('Authorization', server.auth).set('Prefer', 'latency=0');
}

/** Moves the manual clock to an absolute time. */
function advanceTo(at: number) {
  return server.clock.advance(at - server.clock.now());
}

it('moves a task from pending through processing to completed at its sampled times', async () => {
  const taskId = await create({ model: 'keling', prompt: '一只橘猫', n: 2, size: '1024x1792' });
  const task = (await server.state.tasks.get(taskId));
  const end = task?.end?.at ?? 0;
  expect(task?.processingAt).toBeGreaterThanOrEqual(START_MS + 2_000);
  expect(task?.processingAt).toBeLessThanOrEqual(START_MS + 8_000);
  expect(end - (task?.processingAt ?? 0)).toBeGreaterThanOrEqual(20_000);
  expect(end - (task?.processingAt ?? 0)).toBeLessThanOrEqual(60_000);

  const seen = [];
  for (const at of [START_MS, (task?.processingAt ?? 0) - 1, task?.processingAt ?? 0, end - 1, end]) {
    await advanceTo(at);
    const res = await poll(taskId);
    expectDocumented(server, 'getImageGeneration', res);
    seen.push(res.body.status);
  }
  expect(seen).toEqual(['pending', 'pending', 'processing', 'processing', 'completed']);
});

it.each([
  ['url', 'seedream-3.0', 1, '1024x1024'],
  ['oss_url', 'jimeng', 3, '1792x1024'],
  ['b64_json', 'dall-e-3', 2, '1024x1792'],
  ['b64_json', 'keling', 4, '1328x1328'],
])('completes a %s task of %s with exactly n=%i images of size %s', async (format, model, n, size) => {
  const [width, height] = size.split('x').map(Number);
  const taskId = await create({ model, prompt: 'a lighthouse at dusk', n, size, response_format: format });
  await server.clock.advance(120_000);
  const res = await poll(taskId);
  expectDocumented(server, 'getImageGeneration', res);
  expect(res.body).toMatchObject({ status: 'completed', model, response_format: format });
  expect(res.body.images).toHaveLength(n);
  for (const [index, image] of (res.body.images as Record<string, unknown>[]).entries()) {
    expect(image).toMatchObject({ width, height, format: 'png', expires_at: expect.any(Number) });
    expect(Object.keys(image).filter((key) => ['url', 'oss_url', 'b64_json'].includes(key))).toEqual([format]);
    const png =
      format === 'b64_json'
        ? Buffer.from(image.b64_json as string, 'base64')
        : ((await request(server.app).get(new URL(image[format] as string).pathname).set('Prefer', 'latency=0')).body as Buffer);
    expect(readPngSize(png)).toEqual({ width, height });
    expect(readPlaceholderInfo(png)).toMatchObject({ prompt: 'a lighthouse at dusk', referenceImage: false, inputs: { model, image: `${index + 1}/${n}` } });
  }
});

it('builds image links on the Host the poll came through', async () => {
  const taskId = await create({ model: 'jimeng', prompt: 'x', response_format: 'oss_url' });
  await server.clock.advance(120_000);
  const res = await poll(taskId).set('Host', 'images.example:8443');
  expect(res.body.images[0].oss_url).toBe(`http://images.example:8443/v1/files/images/${taskId}-0-oss.png`);
});

it('sets expires_at to the completion time plus the images.yaml lifetime', async () => {
  const taskId = await create({ model: 'jimeng', prompt: 'x' });
  const end = (await server.state.tasks.get(taskId))?.end?.at ?? 0;
  await server.clock.advance(120_000);
  const res = await poll(taskId);
  expect(res.body.images[0].expires_at).toBe(Math.floor((end + 86_400_000) / 1000));
});

it('scales task durations with the time scale', async () => {
  server = await createChatfireTestServer({ timeScale: 100 });
  const taskId = await create({ model: 'jimeng', prompt: 'x' });
  await server.clock.advance(2_000 / 100);
  expect((await poll(taskId)).body.status).toBe('processing');
  await server.clock.advance(15_000 / 100);
  expect((await poll(taskId)).body.status).toBe('completed');
});

it('completes at once with the instant latency profile', async () => {
  server = await createChatfireTestServer({ latency: 'instant' });
  const created = await request(server.app).post('/v1/images/generations').set('Authorization', server.auth).send({ model: 'keling', prompt: 'x' });
  expect(created.body.status).toBe('pending');
  expect((await poll(created.body.task_id)).body.status).toBe('completed');
});

it('answers 404 task_not_found for an unknown task', async () => {
  const res = await poll('img_doesnotexist');
  expectDocumented(server, 'getImageGeneration', res);
  expect(res.status).toBe(404);
  expect(res.body.error.code).toBe('task_not_exist');
});

it('answers 404 task_not_found to a key that did not create the task, on both pollers', async () => {
  const taskId = await create({ model: 'seedream-3.0', prompt: 'a red fox' });
  for (const path of [`/v1/images/generations/${taskId}`, `/v1/tasks/${taskId}`]) {
    const res = await request(server.app).get(path).set('Authorization', 'Bearer sk-pixmock-openai').set('Prefer', 'latency=0');
    expectDocumented(server, 'getImageGeneration', res);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('task_not_exist');
  }
  expect((await poll(taskId)).status).toBe(200);
});

it('forgets a task taskRetentionMs after it ends', async () => {
  const taskId = await create({ model: 'jimeng', prompt: 'x' });
  const end = (await server.state.tasks.get(taskId))?.end?.at ?? 0;
  await advanceTo(end + 172_800_000);
  expect((await poll(taskId)).status).toBe(200);
  await server.clock.advance(1);
  expect((await poll(taskId)).status).toBe(404);
});
