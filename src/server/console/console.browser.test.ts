import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockServers, type RunningMockServers } from '../../app/create-mock-servers.js';
import { signRequest } from '../../auth/index.js';
import { launchChromium, screenshotOnFailure } from '../../test-helpers/browser.js';

const NOW = { Prefer: 'latency=0' };

describe('the console, in Chromium', () => {
  let browser: Browser;
  let servers: RunningMockServers;
  let page: Page | undefined;
  const url = (id: string) => servers.upstreams[id]!.url;
  const demo = (id: string) => servers.readyEvent().upstreams[id]!;

  beforeAll(async () => {
    [browser, servers] = await Promise.all([launchChromium(), createMockServers({ latency: 'realistic', seed: 11, ports: { aibabe: 0, chatfire: 0, dify: 0 } })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), servers?.close(0)]);
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
    await Promise.all(Object.values(servers.upstreams).map((upstream) => upstream.reset()));
  });
  screenshotOnFailure(() => page);

  /** The console of one upstream, open and following its journal. */
  async function openConsole(id: string): Promise<Page> {
    page = await browser.newPage();
    await page.goto(`${url(id)}/__pixmock/console`);
    await page.waitForSelector('body[data-feed="live"]');
    return page;
  }

  /** A chatfire call answered at once: its HTTP status and JSON body. */
  async function chatfire(path: string, init: RequestInit = {}): Promise<{ http: number; body: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${url('chatfire')}${path}`, { ...init, headers: { Authorization: `Bearer ${demo('chatfire').apiKey}`, 'Content-Type': 'application/json', ...NOW, ...init.headers } });
    return { http: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const generate = (body: Record<string, unknown> = {}) => chatfire('/v1/images/generations', { method: 'POST', body: JSON.stringify({ model: 'seedream-3.0', prompt: 'a lighthouse at dusk', n: 1, size: '1024x1024', ...body }) });

  it('shows each request as it happens, and what was sent and answered', async () => {
    const console = await openConsole('chatfire');
    const { body: created } = await generate({ prompt: 'a red fox in the snow' });
    const row = console.locator('#journal tbody tr', { hasText: 'createImageGeneration' });
    await row.waitFor();
    await row.click();
    await expect.poll(() => console.locator('#detail').innerText()).toContain('a red fox in the snow');
    expect(await console.locator('#detail').innerText()).toContain(created.task_id);
    expect(await console.locator('#detail').innerText()).toContain('[redacted]');
  });

  it('shows the images answers carry, decoded at their size, with the placeholder text on click', async () => {
    const console = await openConsole('aibabe');
    const credentials = demo('aibabe');
    const signed = async (path: string, body: Record<string, unknown>) => {
      const headers = signRequest({ apiKey: credentials.apiKey!, apiSecret: credentials.apiSecret!, userId: credentials.userId!, method: 'POST', path, body });
      const res = await fetch(`${url('aibabe')}${path}`, { method: 'POST', headers: { ...headers, ...NOW }, body: JSON.stringify(body) });
      return (await res.json()) as { success: boolean; data: Record<string, string> };
    };
    const conversation = await signed('/v1/chat/conversation', { agentId: credentials.agentId });
    const image = await signed('/v1/chat/image', { agentId: credentials.agentId, conversationId: conversation.data.conversationId, text: 'a koi pond at night', language: 'en' });
    expect(image.success).toBe(true);

    const thumbnail = console.locator('#images img').first();
    await thumbnail.waitFor();
    const decoded = await thumbnail.evaluate(async (element) => {
      const img = element as unknown as { decode(): Promise<void>; naturalWidth: number; naturalHeight: number; dataset: Record<string, string> };
      await img.decode();
      return { width: img.naturalWidth, height: img.naturalHeight, labelled: `${img.dataset.width}x${img.dataset.height}` };
    });
    expect(decoded).toEqual({ width: 768, height: 1024, labelled: '768x1024' });
    await thumbnail.click();
    await expect.poll(() => console.locator('#viewer-text').innerText()).toContain('a koi pond at night');
  });

  it('changes the next answer when a scenario is picked in the console', async () => {
    const console = await openConsole('chatfire');
    await console.selectOption('#scenario', 'invalid_model');
    await expect.poll(() => console.locator('#status').innerText()).toBe('scenario invalid_model on');
    expect(await generate()).toMatchObject({ http: 400, body: { error: { code: 'model_not_supported', message: expect.stringContaining('midjourney') } } });
    await expect.poll(() => console.locator('#health').innerText()).toContain('scenario invalid_model');
  });

  it('completes a held chatfire task when the clock is advanced from the console, and shows its states over time', async () => {
    const console = await openConsole('chatfire');
    const { body: created } = await generate();
    expect((await chatfire(`/v1/images/generations/${created.task_id}`)).body.status).toBe('pending');

    await console.fill('#advance-seconds', '600');
    await console.click('#advance');
    await expect.poll(() => console.locator('#status').innerText()).toMatch(/^clock at /);
    expect(await chatfire(`/v1/images/generations/${created.task_id}`)).toMatchObject({ http: 200, body: { status: 'completed', images: [{ width: 1024, height: 1024 }] } });

    await console.locator('#journal tbody tr', { hasText: 'getImageGeneration' }).first().click();
    const timeline = console.locator('#detail ol li');
    await expect.poll(() => timeline.allInnerTexts()).toEqual([expect.stringMatching(/^\+0\.000 s\s+pending$/), expect.stringMatching(/ s\s+completed$/)]);
  });

  it('shows a Dify stream as a timeline of its events', async () => {
    const console = await openConsole('dify');
    const res = await fetch(`${url('dify')}/v1/workflows/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo('dify').apiKey}`, 'Content-Type': 'application/json', ...NOW },
      body: JSON.stringify({ inputs: { prompt: 'a paper boat' }, response_mode: 'streaming', user: 'console-test' }),
    });
    await res.text();
    await console.locator('#journal tbody tr', { hasText: 'runWorkflow' }).click();
    await expect.poll(() => console.locator('#detail ol li').count()).toBeGreaterThan(2);
    const texts = await console.locator('#detail ol li').allInnerTexts();
    expect(texts[0]).toContain('workflow_started');
    expect(texts.at(-1)).toContain('workflow_finished');
  });

  it('stays usable with 1,000 journal entries and 50 images on screen', async () => {
    const console = await openConsole('chatfire');
    const { body: created } = await generate();
    await chatfire('/__pixmock/clock', { method: 'POST', body: JSON.stringify({ advanceMs: 600_000 }) });
    const { images } = (await chatfire(`/v1/images/generations/${created.task_id}`)).body;
    for (let i = 0; i < 50; i += 1) await (await fetch(images[0].url, { headers: NOW })).arrayBuffer();
    // Image links take no key, so a thousand of them spend no rate limit.
    for (let i = 0; i < 1000; i += 1) await (await fetch(`${url('chatfire')}/v1/files/images/img_missing${i}-0.png`, { headers: NOW })).arrayBuffer();

    await expect.poll(() => console.locator('#journal tbody tr').count(), { timeout: 20_000 }).toBe(1000);
    await expect.poll(() => console.locator('#images img').count()).toBe(50);
    await console.locator('#journal tbody tr').first().click();
    await expect.poll(() => console.locator('#detail h2').innerText()).toBe('GET /v1/files/images/img_missing999-0.png → 404');
  });
});

describe('the console behind an admin token, in Chromium', () => {
  it('loads, asks for the token, then follows the journal', async () => {
    const browser = await launchChromium();
    const servers = await createMockServers({ latency: 'instant', seed: 3, ports: { chatfire: 0 }, upstreams: ['chatfire'], adminToken: 'console-token-0123456789' });
    try {
      const page = await browser.newPage();
      const base = servers.upstreams.chatfire!.url;
      await page.goto(`${base}/__pixmock/console`);
      await page.locator('#token-form').waitFor();
      await page.fill('#token', 'console-token-0123456789');
      await page.click('#token-form button');
      await page.waitForSelector('body[data-feed="live"]');
      await fetch(`${base}/v1/tasks/img_absent`, { headers: { Authorization: 'Bearer sk-pixmock-demo' } });
      await page.locator('#journal tbody tr', { hasText: 'getTask' }).waitFor();

      // Thumbnails too, although an <img> cannot send the token.
      const headers = { Authorization: 'Bearer sk-pixmock-demo', 'Content-Type': 'application/json' };
      const created = (await (await fetch(`${base}/v1/images/generations`, { method: 'POST', headers, body: JSON.stringify({ model: 'seedream-3.0', prompt: 'a quiet harbour', n: 1, size: '1024x1024' }) })).json()) as { task_id: string };
      const task = (await (await fetch(`${base}/v1/images/generations/${created.task_id}`, { headers })).json()) as { status: string; images: { url: string }[] };
      expect(task.status).toBe('completed');
      await (await fetch(task.images[0]!.url)).arrayBuffer();
      const thumbnail = page.locator('#images img').first();
      await thumbnail.waitFor();
      await expect.poll(() => thumbnail.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(1024);
    } finally {
      await Promise.all([browser.close(), servers.close(0)]);
    }
  }, 60_000);
});
