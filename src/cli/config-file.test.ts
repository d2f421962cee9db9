import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from './config-file.js';
import { resolveServeOptions } from './serve-command.js';

async function configFile(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-config-')), 'pixmock.yaml');
  await writeFile(file, text);
  return file;
}

describe('serve options from a config file', () => {
  it('fills what the flags leave open, and flags win', async () => {
    const config = await configFile('ports: { aibabe: 5010, dify: 5030 }\nlatency: fast\ntimeScale: 10\nseed: 99\n');
    const options = await resolveServeOptions({ host: '127.0.0.1', logLevel: 'silent', config, portDify: 6030, seed: 1 });
    expect(options).toMatchObject({ ports: { aibabe: 5010, chatfire: 4020, dify: 6030 }, latency: 'fast', timeScale: 10, seed: 1 });
  });

  it('takes the host from the file when no flag or variable sets it', async () => {
    const config = await configFile('host: 127.0.0.2\n');
    expect(await resolveServeOptions({ logLevel: 'silent', config })).toMatchObject({ host: '127.0.0.2' });
    expect(await resolveServeOptions({ logLevel: 'silent' })).toMatchObject({ host: '127.0.0.1' });
  });

  it('names unknown options', async () => {
    const config = await configFile('latencyProfile: fast\n');
    await expect(readConfigFile(config)).rejects.toThrow(/unknown option\(s\) latencyProfile/);
  });

  it('explains a file that is not an object', async () => {
    await expect(readConfigFile(await configFile('- 1\n- 2\n'))).rejects.toThrow(/expected an object of options/);
  });
});
