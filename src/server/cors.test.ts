import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer, type MockServerOptions } from '../app/create-mock-servers.js';
import { UPSTREAM_IDS } from '../app/create-mock-servers.js';

const PAGE = 'http://localhost:3000';
const ASKED_HEADERS = 'authorization, content-type, x-request-id';

/** An upstream over both adapters: `node:http` on a free port, and `fetch(request)` in-process. */
interface Served {
  server: MockServer;
  send(via: Via, path: string, init: RequestInit): Promise<Response>;
  close(): Promise<void>;
}
type Via = 'node:http' | 'fetch';
const VIAS: Via[] = ['node:http', 'fetch'];

async function serve(id: string, options: MockServerOptions = {}): Promise<Served> {
  const server = await createMockServer(id, { latency: 'instant', seed: 7, ...options });
  const http: Server = createServer(server.app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    server,
    send: (via, path, init) => (via === 'fetch' ? server.fetch(new Request(`http://127.0.0.1${path}`, init)) : fetch(`${base}${path}`, init)),
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

/** A concrete path for an OpenAPI template: every `{param}` filled. */
function pathOf(template: string): string {
  return template.replace(/\{[^}]+\}/g, 'cors-probe');
}

function preflight(method: string, origin = PAGE): RequestInit {
  return { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': ASKED_HEADERS } };
}

describe.each(UPSTREAM_IDS)('CORS on %s', (id) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(id);
  });
  afterAll(() => served.close());

  describe.each(VIAS)('over %s', (via) => {
    it('answers a preflight for every documented operation with 204, the method and the asked headers', async () => {
      for (const operation of served.server.context.contract.operations.values()) {
        const res = await served.send(via, pathOf(operation.path), preflight(operation.method));
        expect(res.status, `${operation.operationId} ${operation.method} ${operation.path}`).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
        expect(res.headers.get('access-control-allow-methods')).toBe(operation.method);
        expect(res.headers.get('access-control-allow-headers')).toBe(ASKED_HEADERS);
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
        expect(res.headers.get('vary')).toContain('Origin');
        expect(await res.text()).toBe('');
      }
    });

    it('names the page origin on the actual answer of every operation, with Vary: Origin', async () => {
      for (const operation of served.server.context.contract.operations.values()) {
        const res = await served.send(via, pathOf(operation.path), { method: operation.method, headers: { Origin: PAGE } });
        expect(res.headers.get('access-control-allow-origin'), `${operation.operationId} answered ${res.status}`).toBe(PAGE);
        expect(res.headers.get('vary')).toContain('Origin');
        await res.arrayBuffer();
      }
    });

    it('adds no CORS header for a client that sends no Origin', async () => {
      const [operation] = served.server.context.contract.operations.values();
      const res = await served.send(via, pathOf(operation!.path), { method: operation!.method });
      expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
      await res.arrayBuffer();
    });

    it('answers a preflight for an undocumented path with the upstream 404', async () => {
      const res = await served.send(via, '/v1/no-such-route', preflight('POST'));
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    });
  });
});

describe('CORS details', () => {
  it('exposes the response headers the contract documents (Dify: WWW-Authenticate, CF-RAY, Content-Disposition)', async () => {
    const served = await serve('dify');
    try {
      const res = await served.send('fetch', '/v1/parameters', { headers: { Origin: PAGE } });
      expect(res.status).toBe(401);
      const exposed = res.headers.get('access-control-expose-headers')?.split(', ');
      expect(exposed).toEqual(expect.arrayContaining(['WWW-Authenticate', 'CF-RAY', 'Content-Disposition']));
      expect(exposed).not.toContain('Content-Length');
    } finally {
      await served.close();
    }
  });

  it('allows only the listed origins, with credentials, when a list is given', async () => {
    const served = await serve('chatfire', { cors: { origins: ['https://app.example', 'http://localhost:3000/'] } });
    try {
      for (const via of VIAS) {
        const allowed = await served.send(via, '/v1/images/generations', preflight('POST'));
        expect(allowed.headers.get('access-control-allow-origin')).toBe(PAGE);
        expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
        const other = await served.send(via, '/v1/images/generations', preflight('POST', 'https://evil.example'));
        expect(other.status).toBe(204);
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
        const answer = await served.send(via, '/v1/images/generations', { method: 'POST', headers: { Origin: 'https://evil.example' } });
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
        await answer.arrayBuffer();
      }
    } finally {
      await served.close();
    }
  });

  it('adds no header and answers OPTIONS with the upstream 404 when CORS is off', async () => {
    const served = await serve('chatfire', { cors: { enabled: false } });
    try {
      for (const via of VIAS) {
        const res = await served.send(via, '/v1/images/generations', preflight('POST'));
        expect(res.status).toBe(404);
        expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
        const answer = await served.send(via, '/v1/images/generations', { method: 'POST', headers: { Origin: PAGE } });
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
        await answer.arrayBuffer();
      }
    } finally {
      await served.close();
    }
  });

  it('journals preflights but never counts them against a rate limit', async () => {
    const served = await serve('chatfire');
    try {
      // The key allows two requests a minute; preflights carrying it (a browser never sends one) must not spend them.
      const limited = { Authorization: 'Bearer sk-pixmock-ratelimited', Origin: PAGE };
      const asked = preflight('GET');
      for (let i = 0; i < 5; i += 1) {
        const res = await served.send('fetch', '/v1/tasks/img_unknown', { ...asked, headers: { ...asked.headers, ...limited } });
        expect(res.status).toBe(204);
      }
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await served.send('fetch', '/v1/tasks/img_unknown', { headers: limited })).status);
      expect(statuses).toEqual([404, 404, 429]);
      const journal = served.server.context.journal.list({});
      expect(journal.filter((entry) => entry.method === 'OPTIONS')).toHaveLength(5);
    } finally {
      await served.close();
    }
  });

  it('refuses a page on another origin at the admin API, preflight included, unless the origin is listed', async () => {
    const closed = await serve('dify');
    const open = await serve('dify', { adminCorsOrigins: [PAGE], adminToken: 'admin-token-0123456789' });
    try {
      for (const via of VIAS) {
        expect((await closed.send(via, '/__pixmock/reset', preflight('POST'))).status).toBe(403);
        expect((await closed.send(via, '/__pixmock/health', { headers: { Origin: PAGE } })).status).toBe(403);

        const asked = await open.send(via, '/__pixmock/reset', preflight('POST'));
        expect(asked.status).toBe(204);
        expect(asked.headers.get('access-control-allow-origin')).toBe(PAGE);
        expect(asked.headers.get('access-control-allow-credentials')).toBe('true');
        const withoutToken = await open.send(via, '/__pixmock/health', { headers: { Origin: PAGE } });
        expect(withoutToken.status).toBe(401);
        expect(withoutToken.headers.get('access-control-allow-origin')).toBe(PAGE);
        const withToken = await open.send(via, '/__pixmock/health', { headers: { Origin: PAGE, Authorization: 'Bearer admin-token-0123456789' } });
        expect(withToken.status).toBe(200);
        expect(withToken.headers.get('access-control-allow-origin')).toBe(PAGE);
        expect((await open.send(via, '/__pixmock/health', { headers: { Origin: 'https://evil.example', Authorization: 'Bearer admin-token-0123456789' } })).status).toBe(403);
      }
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
