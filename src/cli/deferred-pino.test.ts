import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferredPino } from './deferred-pino.js';

const logFile = async () => path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-log-')), 'serve.log');
const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the serve command logger', () => {
  it('enables the chosen level and the ones above it, for the logger and its children', () => {
    const logger = deferredPino('warn');
    for (const candidate of [logger, logger.child({ upstream: 'dify' })]) {
      expect(['debug', 'info', 'warn', 'error'].map((level) => candidate.isLevelEnabled(level))).toEqual([false, false, true, true]);
    }
    expect(['debug', 'error'].map((level) => deferredPino('silent').isLevelEnabled(level))).toEqual([false, false]);
  });

  it('writes an enabled line through pino, with the bindings of the child that wrote it', async () => {
    const file = await logFile();
    deferredPino('info', file).child({ upstream: 'chatfire' }).error({ path: '/v1/images/generations' }, 'unexpected error');
    expect(await lines(file)).toEqual([expect.objectContaining({ level: 50, upstream: 'chatfire', path: '/v1/images/generations', msg: 'unexpected error' })]);
  });

  it('writes nothing, and opens no destination, for lines below the level', async () => {
    const file = await logFile();
    const logger = deferredPino('error', file);
    logger.debug({ a: 1 }, 'detail');
    logger.child({ upstream: 'aibabe' }).warn({ b: 2 }, 'warning');
    expect(await readFile(file).catch((error: NodeJS.ErrnoException) => error.code)).toBe('ENOENT');
  });
});
