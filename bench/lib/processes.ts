/**
 * Child processes for the benchmarks: every server (and the held-connection client) runs in its own
 * process, pinned with `taskset` to a core of its own when the machine allows it, so load and server
 * never share an event loop or a core. Also reads what the kernel knows about a process: RSS, open
 * sockets, TCP states on a port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface StartProcessOptions<T> {
  command: string;
  args: string[];
  /** Core to pin the process to (`taskset -c`); ignored when `tasksetPath` is undefined. */
  cpu?: number;
  tasksetPath?: string | undefined;
  /** Raise the soft `ulimit -n` to this before starting (up to the hard limit). */
  openFiles?: number;
  /** Open a Node IPC channel (for `request`). */
  ipc?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Parses one stdout line; the first defined result is the ready value. Omit to be ready at spawn. */
  ready?: (line: string) => T | undefined;
  timeoutMs?: number;
}

export interface StartedProcess<T> {
  child: ChildProcess;
  pid: number;
  ready: T;
  /** Milliseconds from spawn to the ready line. */
  readyAfterMs: number;
  /** Everything the process wrote to stderr so far (last 64 KiB). */
  stderr(): string;
  /** Sends `{ id, ...message }` over IPC and resolves with the reply carrying the same id. */
  request<R>(message: Record<string, unknown>): Promise<R>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const STDERR_KEEP = 64 * 1024;

export async function startProcess<T = undefined>(options: StartProcessOptions<T>): Promise<StartedProcess<T>> {
  const { command, args, cpu, tasksetPath, openFiles, ipc = false, env, cwd, ready, timeoutMs = 30_000 } = options;
  let argv = [command, ...args];
  if (tasksetPath && cpu !== undefined) argv = [tasksetPath, '-c', String(cpu), ...argv];
  if (openFiles !== undefined) argv = ['sh', '-c', `ulimit -Sn ${openFiles} 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"; exec "$@"`, 'sh', ...argv];
  const [file = command, ...rest] = argv;
  const started = performance.now();
  const child = spawn(file, rest, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let stderrText = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrText = (stderrText + chunk).slice(-STDERR_KEEP);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let readyValue: T | undefined;
  let readyAfterMs = 0;
  if (ready) {
    readyValue = await new Promise<T>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => fail(new Error(`Failed to start ${command}: no ready line within ${timeoutMs} ms.`)), timeoutMs);
      const onExit = (code: number | null) => fail(new Error(`Failed to start ${command} ${args.join(' ')}: exited with ${code} before it was ready.\n${stderrText}`));
      const fail = (error: Error) => {
        clearTimeout(timer);
        lines.close();
        child.kill('SIGKILL');
        reject(error);
      };
      child.once('exit', onExit);
      lines.on('line', (line) => {
        const value = ready(line);
        if (value === undefined) return;
        readyAfterMs = performance.now() - started;
        clearTimeout(timer);
        child.off('exit', onExit);
        lines.removeAllListeners('line');
        // Keep draining stdout so the child never blocks on a full pipe.
        lines.on('line', () => {});
        resolve(value);
      });
    });
  } else {
    child.stdout?.resume();
  }

  let nextId = 1;
  const waiting = new Map<number, (reply: unknown) => void>();
  child.on('message', (message: { id?: number }) => {
    const resolve = message.id === undefined ? undefined : waiting.get(message.id);
    if (resolve && message.id !== undefined) {
      waiting.delete(message.id);
      resolve(message);
    }
  });

  return {
    child,
    pid: child.pid!,
    ready: readyValue as T,
    readyAfterMs,
    stderr: () => stderrText,
    request<R>(message: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        waiting.set(id, resolve as (reply: unknown) => void);
        child.send({ ...message, id }, (error) => {
          if (error) reject(error);
        });
      });
    },
    async stop(graceMs = 3_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS). */
export async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`Failed to read RSS: /proc/${pid}/status has no VmRSS line.`);
  return Number(match[1]) * 1024;
}

/** Open file descriptors of a process that are sockets (TCP, Unix, the IPC channel…). */
export async function countSocketFds(pid: number): Promise<number> {
  const fds = await readdir(`/proc/${pid}/fd`);
  let sockets = 0;
  for (const fd of fds) {
    try {
      if ((await readlink(`/proc/${pid}/fd/${fd}`)).startsWith('socket:')) sockets += 1;
    } catch {
      // closed while we looked
    }
  }
  return sockets;
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT',
  '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING',
};

/** Server-side TCP sockets whose local port is `port`, counted by state (from /proc/net/tcp{,6}). */
export async function tcpStatesOnPort(port: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const state = fields[3];
      if (!local || !state) continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue;
      const name = TCP_STATES[state] ?? state;
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

/** Polls `url` until it answers at all (any status), or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`Failed to reach ${url} within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Pins the calling process (all its threads) to `cpu`, when taskset exists. Returns whether it did. */
export async function pinSelf(tasksetPath: string | undefined, cpu: number): Promise<boolean> {
  if (!tasksetPath) return false;
  const child = spawn(tasksetPath, ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return code === 0;
}

/** A free TCP port on 127.0.0.1 (for tools such as Prism that cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
