import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MOCKS_DIR, loadGatewayPages, loadLatencyProfiles, loadMocks } from './load-mocks.js';
import { MockConfigError } from './mock-config-error.js';

async function copyOfMocks(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pixmock-mocks-'));
  await cp(DEFAULT_MOCKS_DIR, dir, { recursive: true });
  return dir;
}

describe('loadMocks', () => {
  it.each(['aibabe', 'chatfire', 'dify'])('loads and validates mocks/%s', async (upstream) => {
    const mocks = await loadMocks(upstream);
    expect(Object.keys(mocks.scenarios).length).toBeGreaterThan(5);
    expect(Object.keys(mocks.latency).length).toBeGreaterThan(0);
    expect(mocks.keys).toBeDefined();
  });

  it('names the file and the field of a value that breaks the schema', async () => {
    const dir = await copyOfMocks();
    const file = path.join(dir, 'chatfire', 'latency.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/minMs: \d+/, 'minMs: soon'));
    const error = await loadMocks('chatfire', { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockConfigError);
    expect(error).toMatchObject({ file: path.join('mocks', 'chatfire', 'latency.yaml') });
    expect((error as MockConfigError).field).toMatch(/^\/\w+\/minMs$/);
    expect((error as Error).message).toMatch(/^Failed to load mocks mocks\/chatfire\/latency.yaml at \/\w+\/minMs: .*Edit the file/);
  });

  it('refuses data that relied on an enum value once the schema drops it (the schema is the types\' one source too)', async () => {
    const dir = await copyOfMocks();
    const schemaFile = path.join(dir, 'chatfire', 'mocks.schema.json');
    const schema = await readFile(schemaFile, 'utf8');
    expect(schema).toContain('"expired"');
    await writeFile(schemaFile, schema.replace('"expired"', '"lapsed"'));
    const error = await loadMocks('chatfire', { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockConfigError);
    expect(error).toMatchObject({ field: '/sk-pixmock-expired/status' });
    expect((error as Error).message).toMatch(/chatfire\/keys\.yaml at \/sk-pixmock-expired\/status: .*must be equal to one of the allowed values/);
  });

  it('names the file that is not valid YAML', async () => {
    const dir = await copyOfMocks();
    await writeFile(path.join(dir, 'dify', 'keys.yaml'), 'keys: [unclosed');
    await expect(loadMocks('dify', { dir })).rejects.toThrow(/mocks\/dify\/keys.yaml: not valid YAML/);
  });

  it('fails clearly for an upstream folder that does not exist', async () => {
    await expect(loadMocks('nowhere')).rejects.toThrow(/mocks\/nowhere: the folder cannot be read/);
  });
});

describe('shared mocks', () => {
  it('defines the realistic, fast and instant latency profiles', async () => {
    const profiles = await loadLatencyProfiles();
    expect(profiles.realistic?.factor).toBe(1);
    expect(profiles.fast?.factor).toBeGreaterThan(0);
    expect(profiles.fast?.factor).toBeLessThan(1);
    expect(profiles.instant?.factor).toBe(0);
  });

  it('has a gateway page for 502, 504 and 524', async () => {
    const pages = await loadGatewayPages();
    expect(Object.keys(pages)).toEqual(expect.arrayContaining(['502', '504', '524']));
  });
});
