import { describe, expect, it } from 'vitest';
import { createMockServers } from '../../app/create-mock-servers.js';

const TOKEN = 'console-token-0123456789';

/** Reads server-sent events from a response until `enough` says stop; returns the event names seen. */
async function readEvents(res: Response, enough: (names: string[]) => boolean): Promise<string[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const names: string[] = [];
  let text = '';
  while (!enough(names)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    names.splice(0, names.length, ...[...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]!));
  }
  await reader.cancel();
  return names;
}

describe('the console routes', () => {
  it('feed a snapshot and the health, then each entry; stop watching the journal when the console goes; journal none of their own traffic', async () => {
    const servers = await createMockServers({ latency: 'instant', seed: 2, ports: { chatfire: 0 }, upstreams: ['chatfire'] });
    const chatfire = servers.upstreams.chatfire!;
    try {
      expect((await fetch(`${chatfire.url}/__pixmock/console`)).status).toBe(200);
      const controller = new AbortController();
      const feed = await fetch(`${chatfire.url}/__pixmock/console/feed`, { signal: controller.signal });
      expect(feed.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const seen = readEvents(feed, (names) => names.includes('entry'));
      await expect.poll(() => chatfire.context.journal.watched).toBe(true);
      await fetch(`${chatfire.url}/v1/tasks/img_absent`, { headers: { Authorization: 'Bearer sk-pixmock-demo' } });
      expect((await seen).slice(0, 3)).toEqual(['snapshot', 'health', 'entry']);
      controller.abort();
      await expect.poll(() => chatfire.context.journal.watched).toBe(false);
      expect(chatfire.context.journal.list().map((entry) => entry.path)).toEqual(['/v1/tasks/img_absent']);
    } finally {
      await servers.close(0);
    }
  });

  it('tell every open console when the journal is emptied, by any client', async () => {
    const servers = await createMockServers({ latency: 'instant', seed: 2, ports: { chatfire: 0 }, upstreams: ['chatfire'] });
    const { url, context } = servers.upstreams.chatfire!;
    try {
      const told = readEvents(await fetch(`${url}/__pixmock/console/feed`), (names) => names.includes('cleared'));
      await expect.poll(() => context.journal.watched).toBe(true);
      await fetch(`${url}/__pixmock/requests`, { method: 'DELETE' });
      expect((await told).slice(0, 3)).toEqual(['snapshot', 'health', 'cleared']);
    } finally {
      await servers.close(0);
    }
  });

  it('end every feed when the server closes, so an open console does not hold the shutdown for the grace period', async () => {
    const servers = await createMockServers({ latency: 'instant', seed: 2, ports: { chatfire: 0 }, upstreams: ['chatfire'] });
    const feed = await fetch(`${servers.upstreams.chatfire!.url}/__pixmock/console/feed`);
    const names = readEvents(feed, () => false);
    // The grace period is far longer than this test's timeout: only ending the feed lets close() return in time.
    await servers.close(120_000);
    expect(await names).toEqual(['snapshot', 'health']);
  });

  it('serve the page without the admin token, the feed and images only with it, and answer a listed origin\'s preflight for the feed', async () => {
    const page = 'http://localhost:3000';
    const servers = await createMockServers({ latency: 'instant', seed: 2, ports: { chatfire: 0 }, upstreams: ['chatfire'], adminToken: TOKEN, adminCorsOrigins: [page] });
    const base = `${servers.upstreams.chatfire!.url}/__pixmock/console`;
    try {
      const html = await fetch(base);
      expect(html.status).toBe(200);
      expect(html.headers.get('x-frame-options')).toBe('DENY');
      expect(html.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect((await fetch(`${base}/feed`)).status).toBe(401);
      expect((await fetch(`${base}/images/x-1`)).status).toBe(401);
      expect((await fetch(`${base}/images/x-1`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
      const controller = new AbortController();
      expect((await fetch(`${base}/feed`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal })).status).toBe(200);
      controller.abort();
      const preflight = await fetch(`${base}/feed`, { method: 'OPTIONS', headers: { Origin: page, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(page);
    } finally {
      await servers.close(0);
    }
  });
});
