/**
 * Disconnects clients that stop reading: an answer that ends with bytes still waiting in its
 * socket is watched, and once its client has read none of them for `sendTimeoutMs`, the socket is
 * destroyed. Only those sockets are watched, by one sweep, so a held request (idle, nothing to
 * send) costs nothing here, and idle keep-alive connections are left to node's own timeout.
 */
import type { Socket } from 'node:net';

export interface UnreadAnswers {
  /** Watches the socket if its answer's bytes are not all taken by the client yet. */
  watch(socket: Socket | null): void;
  /** Stops the sweep (on close). */
  dispose(): void;
}

interface Progress {
  unread: number;
  since: number;
}

/** How often the sweep runs, as a share of the timeout: the timeout is kept to within a quarter. */
const SWEEPS_PER_TIMEOUT = 4;

export function createUnreadAnswers(sendTimeoutMs: number, now: () => number = Date.now): UnreadAnswers {
  const watched = new Map<Socket, Progress>();
  let sweep: NodeJS.Timeout | undefined;

  const check = () => {
    const time = now();
    for (const [socket, progress] of watched) {
      if (socket.destroyed || socket.writableLength === 0) watched.delete(socket);
      else if (socket.writableLength < progress.unread) Object.assign(progress, { unread: socket.writableLength, since: time });
      else if (time - progress.since >= sendTimeoutMs) {
        watched.delete(socket);
        socket.destroy();
      }
    }
    if (watched.size === 0) stop();
  };
  const stop = () => {
    clearInterval(sweep);
    sweep = undefined;
  };

  return {
    watch(socket) {
      if (!socket || socket.destroyed || socket.writableLength === 0 || watched.has(socket)) return;
      watched.set(socket, { unread: socket.writableLength, since: now() });
      sweep ??= setInterval(check, sendTimeoutMs / SWEEPS_PER_TIMEOUT).unref();
    },
    dispose() {
      stop();
      watched.clear();
    },
  };
}
