/** Everything a benchmark needs from the runner, and the children it starts. */
import { join } from 'node:path';
import type { PixmockServerConfig } from '../servers/pixmock-server.js';
import type { MachineInfo } from './machine.js';
import { freePort, startProcess, waitForHttp, type StartedProcess } from './processes.js';

export interface BenchEnv {
  root: string;
  machine: MachineInfo;
  /** Core the servers run on, and the core this (load) process is pinned to. */
  serverCpu: number;
  loadCpu: number;
  /** The temporary mocks/ copy (see bench-mocks.ts). */
  mocksDir: string;
  log(message: string): void;
}

export interface ServerReady {
  event: 'ready';
  url: string;
  port: number;
  demo?: Record<string, string>;
}

const parseReady = (line: string): ServerReady | undefined => {
  if (!line.startsWith('{')) return undefined;
  const value = JSON.parse(line) as { event?: string };
  return value.event === 'ready' ? (value as ServerReady) : undefined;
};

export function tsChild(env: BenchEnv, script: string, args: string[], extra: { openFiles?: number } = {}) {
  return startProcess<ServerReady>({
    command: process.execPath,
    args: ['--import', 'tsx', '--expose-gc', join(env.root, 'bench', script), ...args],
    cwd: env.root,
    cpu: env.serverCpu,
    tasksetPath: env.machine.taskset,
    ipc: true,
    ready: parseReady,
    timeoutMs: 60_000,
    ...extra,
  });
}

export function startPixmock(env: BenchEnv, config: PixmockServerConfig, extra: { openFiles?: number } = {}): Promise<StartedProcess<ServerReady>> {
  return tsChild(env, 'servers/pixmock-server.ts', [JSON.stringify({ mocksDir: env.mocksDir, ...config })], extra);
}

export function startBare(env: BenchEnv, kind: 'http' | 'express', bodyFile: string, options: { holdMs?: number; openFiles?: number } = {}): Promise<StartedProcess<ServerReady>> {
  return tsChild(env, 'servers/bare-servers.ts', [kind, bodyFile, String(options.holdMs ?? 0)], { openFiles: options.openFiles });
}

export const PRISM_CLI = 'node_modules/@stoplight/prism-cli/dist/index.js';

/** `prism mock <contract> -v silent` on a free port; ready once the port answers. */
export async function startPrism(env: BenchEnv, contract: string): Promise<StartedProcess<undefined> & { url: string }> {
  const port = await freePort();
  const started = await startProcess<undefined>({
    command: process.execPath,
    args: [join(env.root, PRISM_CLI), 'mock', join(env.root, contract), '-p', String(port), '-h', '127.0.0.1', '-v', 'silent'],
    cwd: env.root,
    cpu: env.serverCpu,
    tasksetPath: env.machine.taskset,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/__bench_probe`, 60_000);
  } catch (error) {
    await started.stop();
    throw new Error(`${(error as Error).message}\n${started.stderr()}`);
  }
  return { ...started, url };
}
