import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bundleContract } from './bundle-contract.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'node_modules', '.bin');
const UPSTREAMS = ['aibabe', 'chatfire', 'dify'];
/** Inside the repository, so .spectral.yaml's file patterns apply to the bundles too. */
const BUNDLES = path.join(ROOT, 'test-output', 'bundled');
const run = promisify(execFile);

/** A linter's exit code and output; a non-zero exit is an answer here, not a failure of the call. */
async function lint(command: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(path.join(BIN, command), args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the contracts and their bundles lint without errors', () => {
  const files: string[] = [];
  beforeAll(async () => {
    await mkdir(BUNDLES, { recursive: true });
    for (const upstream of UPSTREAMS) {
      const bundle = path.join(BUNDLES, `${upstream}.openapi.yaml`);
      await writeFile(bundle, stringify(await bundleContract(upstream), { aliasDuplicateObjects: false, lineWidth: 0 }));
      files.push(path.join('contracts', upstream, 'openapi.yaml'), path.relative(ROOT, bundle));
    }
  });

  it('in Redocly (recommended rules)', async () => {
    const { code, output } = await lint('redocly', ['lint', ...files, '--format=summary']);
    expect(output).not.toMatch(/^error/m);
    expect(code, output).toBe(0);
  }, 120_000);

  it("in Spectral (spectral:oas, with .spectral.yaml's one documented exception)", async () => {
    const { code, output } = await lint('spectral', ['lint', '--ruleset', '.spectral.yaml', '--fail-severity', 'error', ...files]);
    expect(code, output).toBe(0);
  }, 120_000);
});
