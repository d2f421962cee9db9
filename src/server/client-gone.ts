/**
 * Whether the client of a response is still connected, and a way to hear when it leaves. The
 * request's socket is the connection in every case; the response's is not: a pipelined request's
 * response waits in node's queue without a socket until the answers before it are written, and
 * emits no 'close' if the connection dies meanwhile.
 */
import type { ServerResponse } from 'node:http';

/** True once the connection is gone (or was gone before anyone asked). */
export function isClientGone(res: ServerResponse): boolean {
  const socket = res.req.socket as ServerResponse['socket'];
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
  socket.once('close', onClose);
  return () => socket.off('close', onClose);
}
