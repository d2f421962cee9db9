import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FLOWS } from '../index.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const verify = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', MAIN, 'verify', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('pixmock verify --upstream', () => {
  it('refuses an upstream the suite has no flow for with exit 2, naming the ones it has', async () => {
    const { code, stderr } = await verify(['--upstream', 'chatfire,nope', '--dry-run']);
    expect(code).toBe(2);
    expect(stderr).toContain(`Unknown upstream nope; expected a comma-separated list of ${Object.keys(FLOWS).join(', ')}.`);
  });

  it('runs every upstream the suite has a flow for when none is named', async () => {
    const { code, stdout } = await verify(['--dry-run', '--seed', '1']);
    expect(code).toBe(0);
    for (const upstream of Object.keys(FLOWS)) expect(stdout).toMatch(new RegExp(`^\\s+${upstream}\\s`, 'm'));
  });
});
