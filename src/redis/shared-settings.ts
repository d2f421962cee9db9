/**
 * The few values every replica reads without waiting (the clock offset, each upstream's active
 * scenario): one Redis hash, a copy in each process, and a channel on which a replica that changes
 * a field names it, so the others read it again. After a lost connection every replica reloads the
 * whole hash, so a nudge it missed meanwhile is not lost.
 *
 * @example
 * const settings = await createSharedSettings({ connection, prefix: 'pixmock:', logger });
 * await settings.field('aibabe:scenario').set('runpod_failure'); // every replica sees it soon after
 */
import type { Logger } from 'pino';
import type { StateSetting } from '../sim/state-stores.js';
import type { RedisConnection } from './redis-connection.js';

export interface SharedSettings {
  field(name: string): StateSetting;
  /** Adds `by` to a numeric field for every replica; resolves to its new value. */
  increment(name: string, by: number): Promise<number>;
  /** Calls `listener` with a field's new value whenever it changes here or on another replica. */
  onChange(name: string, listener: (value: string | undefined) => void): void;
}

export interface SharedSettingsOptions {
  connection: RedisConnection;
  prefix: string;
  logger: Logger;
}

export async function createSharedSettings({ connection, prefix, logger }: SharedSettingsOptions): Promise<SharedSettings> {
  const key = `${prefix}settings`;
  const copy = new Map<string, string>();
  const listeners = new Map<string, Set<(value: string | undefined) => void>>();
  const apply = (name: string, value: string | undefined) => {
    if (copy.get(name) === value) return;
    if (value === undefined) copy.delete(name);
    else copy.set(name, value);
    for (const listener of listeners.get(name) ?? []) listener(value);
  };
  const reload = async () => {
    const flat = (await connection.command(['HGETALL', key])) as string[];
    const stored = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) stored.set(flat[i] ?? '', flat[i + 1] ?? '');
    for (const name of copy.keys()) if (!stored.has(name)) apply(name, undefined);
    for (const [name, value] of stored) apply(name, value);
  };
  const refresh = async (name: string) => apply(name, ((await connection.command(['HGET', key, name])) as string | null) ?? undefined);
  // A nudge that cannot be followed now is made good by the reload after the reconnect.
  const quietly = (work: Promise<void>) => work.catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'could not read the shared settings from Redis'));
  await connection.subscribe(key, (name) => quietly(refresh(name)), () => quietly(reload()));
  await reload();
  const nudge = (name: string) => connection.command(['PUBLISH', key, name]);
  return {
    field: (name) => ({
      get: () => copy.get(name),
      async set(value) {
        await connection.command(value === undefined ? ['HDEL', key, name] : ['HSET', key, name, value]);
        apply(name, value);
        await nudge(name);
      },
    }),
    async increment(name, by) {
      const total = String(await connection.command(['HINCRBYFLOAT', key, name, String(by)]));
      apply(name, total);
      await nudge(name);
      return Number(total);
    },
    onChange(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
    },
  };
}
