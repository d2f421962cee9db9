/**
 * The few values every replica reads without waiting (the clock offset, each upstream's active
 * scenario): one Redis hash, a copy in each process, and a channel on which a replica that changes
 * a field names it, so the others read it again. Each replica answers the nudge once it has taken
 * the new value, and a change resolves when every replica listening has answered (or after
 * {@link ACK_TIMEOUT_MS}), so a client that moves the clock on one replica and polls another right
 * after sees the new time. After a lost connection every replica reloads the whole hash, so a nudge
 * it missed meanwhile is not lost.
 *
 * @example
 * const settings = await createSharedSettings({ connection, prefix: 'pixmock:', logger });
 * await settings.field('aibabe:scenario').set('runpod_failure'); // every replica sees it soon after
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/index.js';
import type { StateSetting } from '../sim/state-stores.js';
import { scriptOf, type RedisConnection } from './redis-connection.js';

/** How long a change waits for the other replicas to take it; one that has not by then still catches up. */
const ACK_TIMEOUT_MS = 2_000;

/** ARGV: field, at least, by → the field raised to at least, plus by (HINCRBYFLOAT keeps every digit). */
const RAISE_AND_ADD = scriptOf(`
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return redis.call('HINCRBYFLOAT', KEYS[1], ARGV[1], ARGV[3])
`);

export interface SharedSettings {
  field(name: string): StateSetting;
  /**
   * Adds `by` to a numeric field for every replica, first raising it to `atLeast` (what this
   * replica had: a Redis restarted empty has forgotten it); resolves to its new value.
   */
  increment(name: string, by: number, atLeast: number): Promise<number>;
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
  const quietly = (work: Promise<unknown>) => work.catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'could not follow the shared settings in Redis'));
  const pending = new Map<string, { answers: number; expected: number; done(): void }>();
  const onMessage = (message: string) => {
    const [kind = '', id = '', name = ''] = message.split('\n');
    if (kind === 'set') quietly(refresh(name).then(() => connection.command(['PUBLISH', key, `ack\n${id}`])));
    const waiting = kind === 'ack' ? pending.get(id) : undefined;
    if (waiting && ++waiting.answers >= waiting.expected) waiting.done();
  };
  await connection.subscribe(key, onMessage, () => quietly(reload()));
  await reload();
  /** Tells every replica that `name` changed, and waits until each listening one has taken it. */
  const nudge = async (name: string) => {
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const taken = new Promise<void>((resolve) => {
      pending.set(id, { answers: 0, expected: Infinity, done: resolve });
      timer = setTimeout(resolve, ACK_TIMEOUT_MS);
    });
    try {
      const listening = Number(await connection.command(['PUBLISH', key, `set\n${id}\n${name}`]));
      const waiting = pending.get(id);
      if (waiting) {
        waiting.expected = listening;
        if (waiting.answers >= listening) waiting.done();
      }
      await taken;
    } finally {
      clearTimeout(timer);
      pending.delete(id);
    }
  };
  return {
    field: (name) => ({
      get: () => copy.get(name),
      async set(value) {
        await connection.command(value === undefined ? ['HDEL', key, name] : ['HSET', key, name, value]);
        apply(name, value);
        await nudge(name);
      },
    }),
    async increment(name, by, atLeast) {
      const total = String(await connection.run(RAISE_AND_ADD, [key], [name, String(atLeast), String(by)]));
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
