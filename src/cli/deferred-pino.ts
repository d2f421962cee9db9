/**
 * The serve command's logger: pino, loaded when the first line at an enabled level is written, so
 * a server that logs nothing (info level and no errors) starts without it. Levels are pino's.
 */
import { createRequire } from 'node:module';
import type { Logger } from '../core/index.js';

/** The levels `--log-level` offers, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const STDERR = 2;

/** `destination`: what `pino.destination` takes, a file descriptor or a path (tests write to a file). */
export function deferredPino(level: LogLevel, destination: number | string = STDERR): Logger {
  let root: Logger | undefined;
  const loadRoot = (): Logger => {
    if (!root) {
      const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
      root = pino({ level }, pino.destination({ dest: destination, sync: true }));
    }
    return root;
  };
  const threshold = LOG_LEVELS.indexOf(level);
  return deferred(loadRoot, (candidate) => level !== 'silent' && LOG_LEVELS.indexOf(candidate as LogLevel) >= threshold);
}

function deferred(load: () => Logger, enabled: (level: string) => boolean): Logger {
  let logger: Logger | undefined;
  const real = () => (logger ??= load());
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (fields: object, message?: string) => {
    if (enabled(level)) real()[level](fields, message);
  };
  return {
    child: (bindings) => deferred(() => real().child(bindings), enabled),
    isLevelEnabled: enabled,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
