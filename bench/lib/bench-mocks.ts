/**
 * A temporary copy of mocks/ for the benchmarks. The shipped behaviour data rate-limits the demo
 * keys (aibabe: a bucket of 20, 5/s; chatfire: 600 requests a minute), which would turn a
 * throughput run into a rate-limit test, so the copy lifts those limits; the image benchmarks also
 * set aibabe's chat image size. Every change is listed in `changes` and printed in RESULTS.md.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface BenchMocksOptions {
  /** aibabe `limits.yaml` images.chatImage; the shipped size when omitted. */
  chatImageSize?: { width: number; height: number };
}

export interface BenchMocks {
  dir: string;
  changes: string[];
  remove(): Promise<void>;
}

const UNLIMITED = 1_000_000_000;

export async function createBenchMocks(sourceDir: string, options: BenchMocksOptions = {}): Promise<BenchMocks> {
  const dir = await mkdtemp(join(tmpdir(), 'pixmock-bench-mocks-'));
  await cp(sourceDir, dir, { recursive: true });
  const changes: string[] = [];

  await editYaml(join(dir, 'aibabe/keys.yaml'), (keys: Array<Record<string, unknown>>) => {
    for (const key of keys) {
      if (key.demo !== true) continue;
      key.usageLimit = UNLIMITED;
      key.rateLimit = { capacity: UNLIMITED, refillPerSecond: UNLIMITED };
      changes.push(`aibabe/keys.yaml: demo key ${String(key.apiKey)} usageLimit and rateLimit raised to ${UNLIMITED}`);
    }
    return keys;
  });
  await editYaml(join(dir, 'chatfire/limits.yaml'), (limits: Record<string, unknown>) => {
    limits.defaultRpm = UNLIMITED;
    changes.push(`chatfire/limits.yaml: defaultRpm raised to ${UNLIMITED}`);
    return limits;
  });
  if (options.chatImageSize) {
    const { width, height } = options.chatImageSize;
    await editYaml(join(dir, 'aibabe/limits.yaml'), (limits: { images: Record<string, unknown> }) => {
      limits.images.chatImage = { width, height };
      changes.push(`aibabe/limits.yaml: images.chatImage set to ${width}x${height}`);
      return limits;
    });
  }
  return { dir, changes, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function editYaml<T>(file: string, edit: (value: T) => T): Promise<void> {
  const value = parse(await readFile(file, 'utf8')) as T;
  await writeFile(file, stringify(edit(value)));
}
