/**
 * Whether the client of a response is still connected, and a way to hear when it leaves. The
 * request's socket is the connection in every case; the response's is not: a pipelined request's
 * response waits in node's queue without a socket until the answers before it are written, and
 * emits no 'close' if the connection dies meanwhile.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** True once the connection is gone (or was gone before anyone asked). */
export function isClientGone(res: ServerResponse): boolean {
  const socket = res.req.socket as Socket | null;
  return !socket || socket.destroyed;
}

/**
 * Calls `onGone` once if the connection closes before the response has finished. Returns the
 * function that stops listening; call it when the response no longer needs to know.
 */
export function onClientGone(res: ServerResponse, onGone: () => void): () => void {
  const { socket } = res.req;
  const onClose = () => {
    if (!res.writableFinished) onGone();
  };
  listenForClose(socket, onClose);
  return () => socket.off('close', onClose);
}

/**
 * `socket.on('close', listener)`, without node's "possible leak" warning for pipelined requests:
 * they share one socket, each listening, and more than node's default ten is no leak.
 */
export function listenForClose(socket: Socket, listener: () => void): void {
  if (socket.listenerCount('close') >= socket.getMaxListeners()) socket.setMaxListeners(socket.getMaxListeners() * 2);
  socket.on('close', listener);
}
