/**
 * `pixmock serve` as a user runs it, for tests: a real process (the CLI through tsx), its one
 * `--json` ready line, and a stop that waits for it to end.
 *
 * @example
 * const served = await startServe(['--json', '--port-aibabe', '0', '--latency', 'instant']);
 * await fetch(`${served.ready.upstreams.aibabe?.url}/__pixmock/health`);
 * await served.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

export interface ReadyEvent {
  event: string;
  seed: number;
  upstreams: Record<string, Record<string, string>>;
}

export interface ServeProcess {
  child: ChildProcess;
  ready: ReadyEvent;
  /** Every stdout line so far. */
  lines: string[];
  /** What it wrote on stderr so far. */
  stderr(): string;
  /** SIGKILL unless it has ended already; resolves when it has. */
  stop(): Promise<void>;
}

export function startServe(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that never got ready must not outlive the test run.
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${READY_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, READY_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 1) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line) as ReadyEvent, lines, stderr: () => stderr, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pixmock serve exited with ${code}: ${stderr}`));
    });
  });
}
