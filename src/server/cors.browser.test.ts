import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServers, type RunningMockServers } from '../app/create-mock-servers.js';
import { launchChromium, screenshotOnFailure, serveFolder } from '../test-helpers/browser.js';
import type { WebAppPage } from '../test-helpers/web-app-page.js';

const WEB_APP = fileURLToPath(new URL('../../fixtures/browser/', import.meta.url));

/** A concrete path for an OpenAPI template: every `{param}` filled. */
function pathOf(template: string): string {
  return template.replace(/\{[^}]+\}/g, 'cors-probe');
}

describe('a web app on another origin, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let servers: RunningMockServers;
  let closed: RunningMockServers;
  let site: Awaited<ReturnType<typeof serveFolder>>;
  const url = (id: string) => servers.upstreams[id]!.url;
  const demo = (id: string) => servers.readyEvent().upstreams[id]!;

  beforeAll(async () => {
    [browser, servers, closed, site] = await Promise.all([
      launchChromium(),
      createMockServers({ latency: 'instant', seed: 5, ports: { aibabe: 0, chatfire: 0, dify: 0 } }),
      createMockServers({ latency: 'instant', seed: 5, ports: { chatfire: 0 }, upstreams: ['chatfire'], cors: { enabled: false } }),
      serveFolder(WEB_APP),
    ]);
    page = await browser.newPage();
    await page.goto(`${site.origin}/web-app.html`);
    await page.waitForFunction(() => 'webApp' in globalThis);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), servers?.close(0), closed?.close(0), site?.close()]);
  });
  screenshotOnFailure(() => page);

  it.each(['aibabe', 'chatfire', 'dify'])('reaches every %s operation through a preflight from the page', async (id) => {
    const upstream = servers.upstreams[id]!;
    for (const operation of upstream.context.contract.operations.values()) {
      const path = pathOf(operation.path);
      const answer = await page.evaluate(([base, method, target]) => (globalThis as unknown as WebAppPage).webApp.probe(base, method, target), [upstream.url, operation.method, path] as const);
      expect(answer, `${operation.operationId}: ${operation.method} ${path}`).toHaveProperty('status');
      const asked = upstream.context.journal.list({}).filter((entry) => entry.method === 'OPTIONS' && entry.path === path);
      expect(asked.length, `a preflight for ${path}`).toBeGreaterThan(0);
    }
  });

  it('is blocked by the browser when CORS is off, so the calls above really depended on it', async () => {
    const answer = await page.evaluate((base) => (globalThis as unknown as WebAppPage).webApp.probe(base, 'POST', '/v1/images/generations'), closed.upstreams.chatfire!.url);
    expect(answer).toEqual({ error: expect.stringContaining('Failed to fetch') });
  });

  it('signs aibabe requests in the page with WebCrypto and shows the chat image and the cover', async () => {
    const credentials = demo('aibabe');
    const chat = await page.evaluate(([base, creds]) => (globalThis as unknown as WebAppPage).webApp.aibabeChatImage(base, creds, 'a red fox in the snow'), [url('aibabe'), credentials] as const);
    expect(chat).toMatchObject({ code: 10200, width: expect.any(Number), height: expect.any(Number) });
    expect(chat.width).toBeGreaterThan(0);
    const cover = await page.evaluate(
      ([base, creds]) => (globalThis as unknown as WebAppPage).webApp.aibabeCover(base, creds, { gender: 'female', age: '18-25', ethnicity: 'Asian', bodyType: 'Slim', breastSize: 'Medium', buttSize: 'Medium', hairColor: 'black', hairStyle: 'Long' }),
      [url('aibabe'), credentials] as const,
    );
    expect(cover).toMatchObject({ coverId: expect.any(String) });
    expect(cover.width).toBeGreaterThan(0);
  });

  it('creates a chatfire task, polls it to completed, shows the image at the requested size and saves it', async () => {
    const result = await page.evaluate(
      ([base, key]) => (globalThis as unknown as WebAppPage).webApp.chatfireGenerate(base, key, { model: 'seedream-3.0', prompt: 'a lighthouse at dusk', n: 1, size: '1024x1024' }),
      [url('chatfire'), demo('chatfire').apiKey!] as const,
    );
    expect(result).toMatchObject({ width: 1024, height: 1024, savedType: 'image/png' });
    expect(result.savedBytes).toBeGreaterThan(1000);
    expect(result.statuses.at(-1)).toBe('completed');
  });

  it('reads a Dify stream event by event, in order, to workflow_finished, and shows the tool file', async () => {
    const result = await page.evaluate(([base, key]) => (globalThis as unknown as WebAppPage).webApp.difyStream(base, key, 'a koi pond'), [url('dify'), demo('dify').apiKey!] as const);
    expect(result.contentType).toMatch(/^text\/event-stream/);
    expect(result.names[0]).toBe('workflow_started');
    expect(result.names.at(-1)).toBe('workflow_finished');
    expect(result.names).toContain('node_finished');
    expect(result.width).toBeGreaterThan(0);
  });

  it('lets the page read the response headers the contract documents', async () => {
    const result = await page.evaluate((base) => (globalThis as unknown as WebAppPage).webApp.difyUnauthorized(base), url('dify'));
    expect(result).toMatchObject({ status: 401, wwwAuthenticate: 'Bearer realm="api"', body: { code: 'unauthorized' } });
  });
});
