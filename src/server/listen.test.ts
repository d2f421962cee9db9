import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type ListeningServer } from './listen.js';

const open: ListeningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listening) => listening.close(0)));
});

function closed(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}

describe('listen', () => {
  it('answers 408 and closes the connection of a client that sends its body slower than the request timeout', async () => {
    const listening = await listen((req, res) => req.resume().on('end', () => res.end('read')), { requestTimeoutMs: 300 });
    open.push(listening);
    const socket = connect(listening.port, '127.0.0.1');
    socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly the start');
    expect(await closed(socket)).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps a request that has arrived whole open past both timeouts while its answer is prepared', async () => {
    const listening = await listen((req, res) => req.resume().on('end', () => setTimeout(() => res.end('late answer'), 600)), { requestTimeoutMs: 200, sendTimeoutMs: 200 });
    open.push(listening);
    const socket = connect(listening.port, '127.0.0.1');
    socket.write('GET /held HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await closed(socket)).toMatch(/^HTTP\/1\.1 200[\s\S]*late answer$/);
  });

  it('closes a connection that sends nothing within the request timeout', async () => {
    const listening = await listen((_req, res) => res.end('never asked'), { requestTimeoutMs: 300 });
    open.push(listening);
    expect(await closed(connect(listening.port, '127.0.0.1'))).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes an idle keep-alive connection once its answer is read', async () => {
    const listening = await listen((req, res) => req.resume().on('end', () => res.end('answered')), { sendTimeoutMs: 300 });
    open.push(listening);
    const socket = connect(listening.port, '127.0.0.1');
    socket.write('GET /once HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await closed(socket)).toMatch(/^HTTP\/1\.1 200[\s\S]*answered$/);
  });

  it('disconnects a client that reads nothing of its answer for the send timeout', async () => {
    const answer = Buffer.alloc(64 * 1024 * 1024, 'x');
    const listening = await listen((_req, res) => res.end(answer), { sendTimeoutMs: 300 });
    open.push(listening);
    const serverSide = new Promise<Socket>((resolve) => listening.server.once('connection', resolve));
    const socket = connect(listening.port, '127.0.0.1');
    socket.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    const served = await serverSide;
    await new Promise((resolve) => served.once('close', resolve));
    expect(served.destroyed).toBe(true);
    socket.destroy();
  });
});
