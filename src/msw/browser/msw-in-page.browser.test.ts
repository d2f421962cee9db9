import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotOnFailure, serveFolder } from '../../test-helpers/browser.js';
import { buildMswSite, type MswPage } from '../../test-helpers/msw-site.js';
import { readPlaceholderInfo, readPngSize, renderPlaceholder, type PlaceholderSpec } from '../../imaging/index.js';

/** Realistic latencies a hundred times faster: a 30–90 s chat image is held 0.3–0.9 s. */
const TIME_SCALE = 100;
const CHAT_IMAGE_MIN_MS = 30_000;

const CHAT_PLACEHOLDER: PlaceholderSpec = { upstream: 'aibabe', operation: 'chatImage', width: 768, height: 1024, seed: 7, prompt: '一个穿着红色连衣裙的女孩 under cherry trees', inputs: { language: 'en' } };

describe('pixmock in the page, behind MSW\'s service worker, in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let site: Awaited<ReturnType<typeof serveFolder>>;
  let demo: Record<string, Record<string, string>>;
  /** Runs `run` in the page with its globals and a serialisable argument. */
  const inPage = <T, A>(run: (page: MswPage, argument: A) => T | Promise<T>, argument: A) => page.evaluate(([source, value]) => new Function('page', 'value', `return (${source})(page, value)`)(globalThis, value), [run.toString(), argument] as const) as Promise<T>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pixmock-msw-'));
    [site, browser] = await Promise.all([buildMswSite(dir).then(({ site: folder }) => serveFolder(folder)), launchChromium()]);
    page = await browser.newPage();
    await page.goto(`${site.origin}/index.html`);
    await page.waitForFunction(() => 'startPixmock' in globalThis && 'webApp' in globalThis);
    // The upstreams under the page's own origin: nothing the worker missed could leave this machine.
    const upstreams = Object.fromEntries(['aibabe', 'chatfire', 'dify'].map((id) => [id, `${site.origin}/api/${id}`]));
    demo = await inPage((p, options) => p.startPixmock(options), { upstreams, latency: 'realistic', timeScale: TIME_SCALE, seed: 7 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  screenshotOnFailure(() => page);

  it('creates a chatfire task, polls it to completed and shows the image at the requested size', async () => {
    const result = await inPage((p, [base, key]) => p.webApp.chatfireGenerate(base!, key!, { model: 'seedream-3.0', prompt: 'a lighthouse at dusk', n: 1, size: '1024x1024' }), [demo.chatfire!.url, demo.chatfire!.apiKey]);

    expect(result.statuses.at(-1)).toBe('completed');
    expect(result).toMatchObject({ width: 1024, height: 1024, savedType: 'image/png' });
  });

  it('streams a Dify run read event by event, in order, to workflow_finished, and shows the tool file', async () => {
    const result = await inPage((p, [base, key]) => p.webApp.difyStream(base!, key!, '一座灯塔'), [demo.dify!.url, demo.dify!.apiKey]);

    expect(result.contentType).toMatch(/^text\/event-stream/);
    expect(result.names[0]).toBe('workflow_started');
    expect(result.names).toContain('node_finished');
    expect(result.names.at(-1)).toBe('workflow_finished');
    expect(result.width).toBeGreaterThan(0);
  });

  it('holds an aibabe chat image signed in the page for its scaled latency, then shows the data URL', async () => {
    const result = await inPage(async (p, credentials) => {
      const started = performance.now();
      const shown = await p.webApp.aibabeChatImage(credentials.url!, credentials, 'a red fox in the snow');
      const held = p.pixmock.upstreams.aibabe!.context.journal.list({}).find((entry) => entry.operationId === 'chatImage');
      return { ...shown, elapsedMs: performance.now() - started, heldMs: held?.durationMs };
    }, demo.aibabe!);

    expect(result).toMatchObject({ code: 10200 });
    expect(result.width).toBeGreaterThan(0);
    expect(result.heldMs).toBeGreaterThanOrEqual(CHAT_IMAGE_MIN_MS / TIME_SCALE);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(CHAT_IMAGE_MIN_MS / TIME_SCALE);
  });

  it('answers an aibabe request with a wrong signature 401', async () => {
    const status = await inPage(async (_p, credentials) => {
      const answer = await fetch(`${credentials.url}/v1/chat/conversation`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${credentials.apiKey}`, 'Content-Type': 'application/json', 'X-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Signature': '0'.repeat(64), 'X-Request-ID': crypto.randomUUID().replaceAll('-', ''), 'X-User-ID': credentials.userId! },
        body: JSON.stringify({ agentId: credentials.agentId }),
      });
      return answer.status;
    }, demo.aibabe!);

    expect(status).toBe(401);
  });

  it('draws a placeholder in the page at the requested size, with the text chunk the node renderer writes', async () => {
    const base64 = await inPage(async (p, spec) => (await p.pixmock.upstreams.aibabe!.context.renderer.render(spec)).toString('base64'), CHAT_PLACEHOLDER);
    const png = Buffer.from(base64, 'base64');

    expect(readPngSize(png)).toEqual({ width: 768, height: 1024 });
    expect(readPlaceholderInfo(png)).toEqual(readPlaceholderInfo(await renderPlaceholder(CHAT_PLACEHOLDER)));
  });

  // What the handler hands the upstream: the request with its signal. (MSW 2's worker never aborts
  // that signal when the page aborts its fetch; in Node, msw/node does: upstream-handler.test.ts.)
  it('ends a simulated wait on the page\'s clock when the request\'s signal aborts', async () => {
    const pending = await inPage(async (p, credentials) => {
      const upstream = p.pixmock.upstreams.chatfire!;
      const clock = upstream.context.sim.clock;
      const controller = new AbortController();
      const request = new Request(new URL('/v1/images/generations', credentials.url), { method: 'POST', signal: controller.signal, headers: { Authorization: `Bearer ${credentials.apiKey}`, 'Content-Type': 'application/json', Prefer: 'latency=600000' }, body: JSON.stringify({ model: 'seedream-3.0', prompt: 'x' }) });
      const answer = upstream.fetch(request).then((response) => response.type);
      // Bounded: a wait that never starts fails the test below instead of hanging it.
      for (let tries = 0; tries < 1000 && clock.pendingTimers() === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
      const waiting = clock.pendingTimers();
      controller.abort();
      return { waiting, answer: await answer, pendingTimers: clock.pendingTimers() };
    }, demo.chatfire!);

    expect(pending).toEqual({ waiting: 1, answer: 'error', pendingTimers: 0 });
  });
});
