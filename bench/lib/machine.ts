/** What the numbers were measured on: CPU, cores, memory, Node, and whether pinning was possible. */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  /** Path of `taskset`, or undefined when server and load cannot be pinned to different cores. */
  taskset: string | undefined;
  /** Soft and hard `ulimit -n` of the shell that starts the children. */
  openFiles: { soft: number; hard: number };
}

export function describeMachine(): MachineInfo {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
    taskset: which('taskset'),
    openFiles: { soft: shellNumber('ulimit -Sn'), hard: shellNumber('ulimit -Hn') },
  };
}

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function shellNumber(script: string): number {
  const text = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).trim();
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}
