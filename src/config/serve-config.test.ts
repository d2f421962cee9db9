import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkServeOption, readServeConfigFile, resolveServeConfig, serveOptionsFrom } from './serve-config.js';
import { serveOption, serveOptionValue } from './serve-options.js';

async function configFile(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-config-')), 'pixmock.yaml');
  await writeFile(file, text);
  return file;
}

/** A flag's value for the option at `pointer`, as the CLI hands it over. */
function flag(pointer: string, raw: string) {
  const option = serveOption(pointer);
  return { option, value: serveOptionValue(option, raw), source: option.flag };
}

describe('the option schema', () => {
  it('checks one option for another command with the same range (pixmock verify --seed)', async () => {
    expect(await checkServeOption('/seed', '7', '--seed')).toBe(7);
    await expect(checkServeOption('/seed', '-1', '--seed')).rejects.toThrow(/^Failed to start: --seed is -1: must be >= 0/);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['no', false],
    ['FALSE', false],
    ['on', true],
    ['off', false],
  ])('reads a yes/no option given as %s', async (raw, expected) => {
    expect(await resolveServeConfig({ values: [flag('/replayIds', raw)] })).toEqual({ replayIds: expected });
  });

  it('refuses a yes/no option given as anything else, naming the values it takes', async () => {
    await expect(resolveServeConfig({ values: [flag('/replayIds', 'maybe')] })).rejects.toThrow(/--replay-ids is maybe: must be boolean\. Set --replay-ids to true or false/);
  });
});

describe('a config file', () => {
  it('fills what the flags leave open, and flags win', async () => {
    const file = await configFile('ports: { aibabe: 5010, dify: 5030 }\nlatency: fast\ntimeScale: 10\nseed: 99\n');
    const config = await resolveServeConfig({ file, values: [flag('/ports/dify', '6030'), flag('/seed', '1')] });
    expect(serveOptionsFrom(config)).toMatchObject({ host: '127.0.0.1', ports: { aibabe: 5010, chatfire: 4020, dify: 6030 }, latency: 'fast', timeScale: 10, seed: 1, graceMs: 5000, limits: {} });
  });

  it.each([
    ['latencyProfile: fast\n', '/latencyProfile', /is not an option\. Use host, ports, latency/],
    ['- 1\n- 2\n', '', /is not an object of options/],
    ['timeScale: [1\n', '', /is not valid YAML or JSON/],
  ])('refuses %j naming the file and %j', async (text, pointer, reason) => {
    const file = await configFile(text);
    const refused = readServeConfigFile(file);
    await expect(refused).rejects.toThrow(reason);
    await expect(refused).rejects.toMatchObject({ name: 'ConfigError', source: file, pointer });
  });

  it('names a file that cannot be read', async () => {
    await expect(readServeConfigFile('/nonexistent/pixmock.yaml')).rejects.toThrow(/^Failed to start: \/nonexistent\/pixmock.yaml: cannot be read .*Check the --config path\.$/);
  });
});

describe('every option has a range, in the file and as a flag', () => {
  it.each([
    ['host: 0.0.0.0\nadminToken: true\n', '/adminToken', /must be string/],
    ['host: 0.0.0.0\nadminToken: {}\n', '/adminToken', /must be string/],
    ['adminToken: " padded "\n', '/adminToken', /visible ASCII/],
    ['adminToken: ""\n', '/adminToken', /visible ASCII/],
    ['host: "local host"\n', '/host', /without spaces/],
    ['timeScale: "10"\n', '/timeScale', /must be number/],
    ['timeScale: 1.0e-9\n', '/timeScale', /from 0\.001 to 1000000/],
    ['timeScale: 2000000\n', '/timeScale', /from 0\.001 to 1000000/],
    ['seed: -1\n', '/seed', /from 0 to 2147483647/],
    ['seed: 1.5\n', '/seed', /must be integer/],
    ['seed: 4294967296\n', '/seed', /from 0 to 2147483647/],
    ['ports: { aibabe: 70000 }\n', '/ports/aibabe', /from 0 to 65535/],
    ['ports: { aibabee: 4010 }\n', '/ports/aibabee', /Use aibabe, chatfire, dify/],
    ['ports: 4010\n', '/ports', /must be object/],
    ['graceMs: 1.0e+12\n', '/graceMs', /from 0 to 3600000/],
    ['limits: { bodyBytes: 1.0e+15 }\n', '/limits/bodyBytes', /whole number from 1 to 67108864/],
    ['limits: { journalEntries: 0 }\n', '/limits/journalEntries', /whole number from 1 to 100000/],
    ['limits: { stateEntrie: 5 }\n', '/limits/stateEntrie', /Use bodyBytes, uploadBytes, journalEntries, stateEntries/],
    ['latency: 3\n', '/latency', /must be string/],
    ['mocks: ""\n', '/mocks', /must NOT have fewer than 1 characters/],
    ['cors: { origins: "localhost:3000" }\n', '/cors/origins', /origins separated by commas/],
    ['cors: { adminOrigins: "http://a.test,,http://b.test" }\n', '/cors/adminOrigins', /origins separated by commas/],
    ['cors: { enable: false }\n', '/cors/enable', /Use enabled, origins, adminOrigins/],
  ])('refuses %j naming the file, %s and the fix', async (text, pointer, reason) => {
    const file = await configFile(text);
    const refused = resolveServeConfig({ file });
    await expect(refused).rejects.toThrow(reason);
    await expect(refused).rejects.toMatchObject({ name: 'ConfigError', source: file, pointer });
    await expect(refused).rejects.toThrow(new RegExp(`^Failed to start: ${file} ${pointer}`));
  });

  it('shows a refused value, but never the admin token', async () => {
    await expect(resolveServeConfig({ file: await configFile('seed: -1\n') })).rejects.toThrow(/\/seed is -1: must be >= 0\. Set seed to a whole number from 0 to 2147483647\.$/);
    const refused = resolveServeConfig({ values: [flag('/adminToken', 'secret token')] });
    await expect(refused).rejects.toThrow(/^Failed to start: --admin-token: has characters it may not have/);
    await expect(refused).rejects.not.toThrow(/secret token/);
  });

  it.each([
    ['/timeScale', '1e-9', /^Failed to start: --time-scale is 1e-9: must be >= 0\.001\. Set --time-scale to a number from 0\.001 to 1000000\.$/],
    ['/timeScale', 'fast', /must be number/],
    ['/seed', '-1', /from 0 to 2147483647/],
    ['/adminToken', ' ', /visible ASCII/],
    ['/ports/chatfire', '65536', /from 0 to 65535/],
    ['/graceMs', '-5', /from 0 to 3600000/],
    ['/limits/stateEntries', '0', /whole number from 1 to 1000000/],
  ])('refuses %s %j from a flag, naming the flag and the fix', async (pointer, raw, reason) => {
    const refused = resolveServeConfig({ values: [flag(pointer, raw)] });
    await expect(refused).rejects.toThrow(reason);
    await expect(refused).rejects.toMatchObject({ name: 'ConfigError', source: serveOption(pointer).flag, pointer });
  });

  it.each([
    ['timeScale: 0.001\nseed: 2147483647\nports: { aibabe: 0, chatfire: 65535 }\ngraceMs: 0\n', { timeScale: 0.001, seed: 2147483647, graceMs: 0 }],
    ['timeScale: 1000000\nseed: 0\ngraceMs: 3600000\nlimits: { bodyBytes: 1, uploadBytes: 268435456, journalEntries: 100000, stateEntries: 1000000 }\n', { timeScale: 1_000_000, seed: 0, limits: { bodyBytes: 1 } }],
  ])('accepts the ends of every range: %j', async (text, expected) => {
    expect(await resolveServeConfig({ file: await configFile(text) })).toMatchObject(expected);
  });
});

describe('a host beyond loopback', () => {
  it.each([
    [[flag('/host', '0.0.0.0')], /none was given/],
    [[flag('/host', '0.0.0.0'), flag('/adminToken', 'short-token')], /the one from --admin-token has 11/],
    [[flag('/host', '192.168.1.5'), flag('/adminToken', '0123456789abcde')], /at least 16 characters/],
  ])('needs an admin token of at least 16 characters (%#)', async (values, reason) => {
    const refused = resolveServeConfig({ values });
    await expect(refused).rejects.toThrow(reason);
    await expect(refused).rejects.toThrow(/--admin-token/);
    await expect(refused).rejects.toMatchObject({ name: 'ConfigError', pointer: '/adminToken' });
  });

  it('takes the token from the file and the host from a flag', async () => {
    const file = await configFile('adminToken: 0123456789abcdef\n');
    expect(await resolveServeConfig({ file, values: [flag('/host', '0.0.0.0')] })).toMatchObject({ host: '0.0.0.0', adminToken: '0123456789abcdef' });
  });

  it.each(['127.0.0.2', 'localhost', '::1'])('%s is loopback: any token, or none, will do', async (host) => {
    expect(await resolveServeConfig({ values: [flag('/host', host), flag('/adminToken', 'x')] })).toMatchObject({ host });
    expect(await resolveServeConfig({ values: [flag('/host', host)] })).toMatchObject({ host });
  });
});

describe('a shared Redis', () => {
  it('is off unless a URL is given, and then passes the URL and prefix on', async () => {
    expect(serveOptionsFrom(await resolveServeConfig({})).redis).toBeUndefined();
    const file = await configFile('redis:\n  url: redis://127.0.0.1:6379\n');
    const options = serveOptionsFrom(await resolveServeConfig({ file, values: [flag('/redis/prefix', 'staging:')] }));
    expect(options.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'staging:' });
  });

  it('refuses a URL of another scheme without echoing it, since it may carry a password', async () => {
    const refusal = resolveServeConfig({ values: [flag('/redis/url', 'http://:secret@127.0.0.1:6379')] });
    await expect(refusal).rejects.toThrow('Failed to start: --redis: has characters it may not have. Set --redis to a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379.');
    await expect(refusal).rejects.not.toThrow(/secret/);
  });

  it('refuses a URL Node cannot parse without echoing it, naming the flag and the fix', async () => {
    const refusal = resolveServeConfig({ values: [flag('/redis/url', 'redis://:hunter2@127.0.0.1:99999')] });
    await expect(refusal).rejects.toThrow('Failed to start: the Redis URL from --redis: is not a URL Node can read');
    await expect(refusal).rejects.toThrow('Give redis://[user:password@]host:port[/db]');
    await expect(refusal).rejects.not.toThrow(/hunter2/);
  });

  it('refuses a prefix without a URL, naming where the prefix came from', async () => {
    const file = await configFile('redis:\n  prefix: "staging:"\n');
    await expect(resolveServeConfig({ file })).rejects.toThrow(`Failed to start: the Redis prefix from ${file}: is given without a Redis URL, so nothing would use it. Add --redis <url>`);
  });
});
