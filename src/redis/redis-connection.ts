/**
 * The connections one pixmock process keeps to Redis: one for commands, shared by every store (a
 * store's read-modify-write is one script, so no command needs a connection of its own), and one
 * that listens for the other replicas' nudges. The first connect must succeed, else the start is
 * refused naming the URL; afterwards a lost connection is retried for ever, commands fail at once
 * with {@link StateStoreUnavailableError} instead of queueing while it is down, and `available()`
 * says so for the health answer.
 *
 * @example
 * const connection = await connectRedis({ url: 'redis://127.0.0.1:6379', logger });
 * await connection.command(['PING']);
 * await connection.close();
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../core/index.js';
import { createClient, ErrorReply } from 'redis';
import { StateStoreUnavailableError } from '../sim/state-store-unavailable.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import { shownRedisUrl } from './redis-url.js';

/** How long the first connect may take before the start is refused. */
const CONNECT_TIMEOUT_MS = 5_000;
/** The longest pause between two attempts to reconnect. */
const MAX_RECONNECT_DELAY_MS = 1_000;
const RECONNECT_STEP_MS = 50;

/** A Lua script and its SHA1, run by EVALSHA (the text is sent only when Redis does not know it yet). */
export interface RedisScript {
  text: string;
  sha1: string;
}

export function scriptOf(text: string): RedisScript {
  return { text, sha1: createHash('sha1').update(text).digest('hex') };
}

export interface RedisConnection {
  /** The URL as messages show it, the password left out. */
  readonly location: string;
  command(args: readonly string[]): Promise<unknown>;
  run(script: RedisScript, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** Calls `listener` with each message on `channel`, and `onReconnect` each time the connections are back after a loss (messages may have been missed). */
  subscribe(channel: string, listener: (message: string) => void, onReconnect: () => void): Promise<void>;
  available(): boolean;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  logger: Logger;
}

export async function connectRedis({ url, logger }: RedisConnectionOptions): Promise<RedisConnection> {
  const location = shownRedisUrl(url);
  let started = false;
  const reconnectStrategy = (retries: number, cause: Error) => (started ? Math.min(MAX_RECONNECT_DELAY_MS, (retries + 1) * RECONNECT_STEP_MS) : cause);
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy } });
  const listener = client.duplicate();
  let lost = false;
  const reconnectListeners = new Set<() => void>();
  for (const connection of [client, listener]) {
    // A client without an 'error' listener throws the error, which would end the process.
    connection.on('error', (error: Error) => {
      if (!started || lost) return;
      lost = true;
      logger.warn({ redis: location, err: error.message }, 'Redis connection lost; requests that need the shared state answer 500 until it is back');
    });
    // Back only when both are: a reload after the listener returns needs the command connection.
    connection.on('ready', () => {
      if (!lost || !(client.isReady && listener.isReady)) return;
      lost = false;
      logger.info({ redis: location }, 'Redis connection back');
      for (const onReconnect of reconnectListeners) onReconnect();
    });
  }
  try {
    await client.connect();
    await listener.connect();
  } catch (error) {
    await Promise.allSettled([client.isOpen && client.destroy(), listener.isOpen && listener.destroy()]);
    throw new RedisUnavailableError(location, { cause: error });
  }
  started = true;

  const unavailable = (error: unknown) => (error instanceof ErrorReply ? error : new StateStoreUnavailableError(location, { cause: error }));
  const command = async (args: readonly string[]) => {
    try {
      return await client.sendCommand([...args]);
    } catch (error) {
      throw unavailable(error);
    }
  };
  return {
    location,
    command,
    async run(script, keys, args) {
      const tail = [String(keys.length), ...keys, ...args];
      try {
        return await client.sendCommand(['EVALSHA', script.sha1, ...tail]);
      } catch (error) {
        // Redis forgets scripts when it restarts: the first call after that sends the text.
        if (!(error instanceof ErrorReply && error.message.startsWith('NOSCRIPT'))) throw unavailable(error);
      }
      return command(['EVAL', script.text, ...tail]);
    },
    async subscribe(channel, onMessage, onReconnect) {
      await listener.subscribe(channel, onMessage);
      reconnectListeners.add(onReconnect);
    },
    available: () => client.isReady && listener.isReady,
    async close() {
      await Promise.allSettled([client.close(), listener.close()]);
    },
  };
}
