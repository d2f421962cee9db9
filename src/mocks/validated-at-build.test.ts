import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MOCKS_DIR, loadLatencyProfiles, precompileMocksValidators } from './load-mocks.js';
import { createBuildVerdicts, validationKey, writeBuildVerdicts } from './validated-at-build.js';

const tempFile = async (name: string) => path.join(await mkdtemp(path.join(tmpdir(), 'pixmock-verdicts-')), name);

describe('the mocks validated at build', () => {
  it('records the shipped latency profiles as passed, and not the same data edited', async () => {
    const verdictsFile = await tempFile('validated-at-build.json');
    await precompileMocksValidators({ file: path.join(path.dirname(verdictsFile), 'validators.cjs'), verdictsFile });
    const known = createBuildVerdicts(verdictsFile);
    const schemaText = await readFile(path.join(DEFAULT_MOCKS_DIR, 'latency-profiles.schema.json'), 'utf8');
    const profiles = await loadLatencyProfiles();
    expect(known(validationKey(schemaText, JSON.parse(JSON.stringify(profiles))))).toBe(true);
    expect(known(validationKey(schemaText, { ...profiles, extra: {} }))).toBe(false);
    expect(known(validationKey(`${schemaText} `, profiles))).toBe(false);
  });

  it('keys a value by its content, whatever object holds it', () => {
    expect(validationKey('{}', { a: [1, 2] })).toBe(validationKey('{}', JSON.parse('{"a":[1,2]}')));
    expect(validationKey('{}', { a: [1, 2] })).not.toBe(validationKey('{}', { a: [2, 1] }));
    expect(validationKey('{}', { a: Number.NaN })).not.toBe(validationKey('{}', { a: null }));
    expect(validationKey('{}', { a: Number.POSITIVE_INFINITY })).not.toBe(validationKey('{}', { a: null }));
  });

  it('trusts nothing from a file written by other validator versions, or from no file', async () => {
    const file = await tempFile('validated-at-build.json');
    writeBuildVerdicts(['k'], file);
    expect(createBuildVerdicts(file)('k')).toBe(true);
    const stale = JSON.parse(await readFile(file, 'utf8')) as { versions: string[] };
    await writeFile(file, JSON.stringify({ ...stale, versions: ['0.0.0', '0.0.0'] }));
    expect(createBuildVerdicts(file)('k')).toBe(false);
    expect(createBuildVerdicts(`${file}.missing`)('k')).toBe(false);
  });
});
