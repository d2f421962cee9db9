/**
 * The console's routes under `/__pixmock/console`: its page and scripts (from the package's
 * console/ folder, no CDN), the live journal as server-sent events, and the images of the image
 * shelf. The page is public like any static file (it holds no data, and must load before it can
 * ask for the admin token); the feed and the images are admin calls like any other.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bytes, eventStream, type CallRequest, type Reply, type UpstreamContext } from '../../core/index.js';
import type { JournalEntry } from '../../sim/request-journal.js';
import { ADMIN_PREFIX } from '../../core/index.js';
import type { ImageShelf } from './image-shelf.js';

const CONSOLE_PATH = '/console';
const CONSOLE_URL_PATH = `${ADMIN_PREFIX}${CONSOLE_PATH}`;
const ASSETS_DIR = new URL('../../../console/', import.meta.url);
/** Where each file is found, asked only when the console first loads it (nothing is read at start-up). */
const ASSETS: Readonly<Record<string, { locate: () => URL; type: string }>> = {
  [CONSOLE_PATH]: { locate: () => new URL('index.html', ASSETS_DIR), type: 'text/html; charset=utf-8' },
  [`${CONSOLE_PATH}/console.js`]: { locate: () => new URL('console.js', ASSETS_DIR), type: 'text/javascript; charset=utf-8' },
  [`${CONSOLE_PATH}/console.css`]: { locate: () => new URL('console.css', ASSETS_DIR), type: 'text/css; charset=utf-8' },
  // eventsource-parser's ES module build (its package.json "import"), one file without imports.
  [`${CONSOLE_PATH}/eventsource-parser.js`]: { locate: () => packageFile('eventsource-parser', 'import'), type: 'text/javascript; charset=utf-8' },
};
const IMAGE_PATH = `${CONSOLE_PATH}/images/`;
const FEED_PATH = `${CONSOLE_PATH}/feed`;
/** The page may not be framed by another site (a framed console could be clicked into a reset). */
const ASSET_HEADERS = { 'Cache-Control': 'no-cache', 'Content-Security-Policy': "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };
/** Real milliseconds a burst of requests may last before the console gets the health again. */
const HEALTH_SETTLE_MS = 200;

/** The file a package's package.json exports for `condition` at its root. */
function packageFile(name: string, condition: string): URL {
  const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, Record<string, string>> };
  return pathToFileURL(path.join(path.dirname(manifest), exports['.']![condition]!));
}

/** The console's own traffic (page, feed, images), which the journal it shows does not record. */
export function isConsolePath(path: string): boolean {
  return path === CONSOLE_URL_PATH || path.startsWith(`${CONSOLE_URL_PATH}/`);
}

/** True for the page and its scripts, which any caller allowed on this site may load without the token. */
export function isConsoleAsset(method: string, adminPath: string): boolean {
  return method === 'GET' && Object.hasOwn(ASSETS, adminPath);
}

export interface ConsoleRoutesOptions {
  ctx: UpstreamContext;
  shelf: ImageShelf;
  health: () => Promise<unknown>;
  /** Aborted when the server closes: every feed ends, so an open console never holds a shutdown. */
  closing: AbortSignal;
}

/** The methods a console path answers (for a preflight from an origin listed with --admin-cors-origin). */
export function consoleMethodsAt(adminPath: string): string[] {
  return Object.hasOwn(ASSETS, adminPath) || adminPath === FEED_PATH || adminPath.startsWith(IMAGE_PATH) ? ['GET'] : [];
}

/** The console's answer to an admin path (without `/__pixmock`), or undefined when it is not one of its routes. */
export function createConsoleRoutes({ ctx, shelf, health, closing }: ConsoleRoutesOptions) {
  const assets = new Map<string, Promise<string>>();
  const asset = (adminPath: string, locate: () => URL) => {
    let text = assets.get(adminPath);
    if (!text) assets.set(adminPath, (text = readFile(fileURLToPath(locate()), 'utf8')));
    return text;
  };
  return async function answerConsole(request: CallRequest, adminPath: string): Promise<Reply | undefined> {
    if (request.method !== 'GET') return undefined;
    const found = Object.hasOwn(ASSETS, adminPath) ? ASSETS[adminPath] : undefined;
    if (found) return bytes(await asset(adminPath, found.locate), found.type, { headers: ASSET_HEADERS });
    if (adminPath === FEED_PATH) return feed(ctx, health, closing);
    if (adminPath.startsWith(IMAGE_PATH)) {
      const png = shelf.get(adminPath.slice(IMAGE_PATH.length));
      return png ? bytes(png, 'image/png', { headers: { 'Cache-Control': 'private, max-age=3600' } }) : undefined;
    }
    return undefined;
  };
}

/**
 * The journal as it stands (`snapshot`) and the health, then each entry as it is recorded (`entry`)
 * followed by the health once a burst of entries settles, and `cleared` when the journal is emptied
 * (a reset or DELETE from any client), until the console goes: it never polls.
 */
function feed(ctx: UpstreamContext, health: () => Promise<unknown>, closing: AbortSignal): Reply {
  return eventStream({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' }, async (stream) => {
    let healthDue: ReturnType<typeof setTimeout> | undefined;
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const pushHealth = async () => {
      healthDue = undefined;
      const current = await health();
      if (!stream.closed) stream.write(message('health', current));
    };
    // Subscribed in the same turn as the snapshot, so no entry falls between the two.
    stream.write(message('snapshot', { upstream: ctx.id, entries: ctx.journal.list() }));
    const unsubscribe = ctx.journal.subscribe(
      (entry: JournalEntry) => {
        // A console that does not read ends its feed rather than having it queue without bound; it reconnects to a new snapshot.
        if (stream.backedUp) return end();
        stream.write(message('entry', entry));
        healthDue ??= setTimeout(() => void pushHealth().catch(() => undefined), HEALTH_SETTLE_MS);
      },
      () => stream.write(message('cleared', {})),
    );
    for (const signal of [stream.signal, closing]) {
      if (signal.aborted) end();
      else signal.addEventListener('abort', end, { once: true });
    }
    try {
      await pushHealth();
      await ended;
    } finally {
      unsubscribe();
      clearTimeout(healthDue);
      closing.removeEventListener('abort', end);
    }
  });
}

function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
