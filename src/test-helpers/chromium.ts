/**
 * Real Chromium for browser tests and benchmarks: Debian's build, driven by playwright-core (never a
 * downloaded browser), and a folder of fixture pages served on an origin of its own.
 */
import { access, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where `npm test` installs Chromium (scripts/ensure-test-packages.sh); PIXMOCK_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.PIXMOCK_CHROMIUM ?? '/usr/bin/chromium';

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

export async function launchChromium(): Promise<Browser> {
  try {
    await access(CHROMIUM_PATH);
  } catch {
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}. Run \`npm test\` (it installs Debian's chromium when missing), or \`apt-get install -y chromium\`, or set PIXMOCK_CHROMIUM to a Chromium binary.`);
  }
  // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** Serves the files of one folder (no subfolders) at `http://localhost:<port>/`: an origin other than the mocks' 127.0.0.1. */
export async function serveFolder(folder: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://localhost').pathname) || 'index.html';
    readFile(path.join(folder, name)).then(
      (body) => res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
