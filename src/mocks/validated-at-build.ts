/**
 * Mock data the build has already validated. `npm run build` loads the shipped mocks/ once and
 * records, for each schema and the data it accepted, a hash of the two; `loadMocks` skips its
 * validation when the data it has just read hashes the same (same schema text, same values → the
 * same verdict), so a start-up with the shipped or unchanged mocks neither loads nor runs the
 * validators. Edited or user-supplied mocks hash differently and are validated as before.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where the build writes the hashes (beside this module in dist/mocks). */
export const VALIDATED_AT_BUILD_FILE = fileURLToPath(new URL('./validated-at-build.json', import.meta.url));

interface ValidatedFile {
  /** ajv and ajv-formats versions the verdicts came from; another version ignores the file. */
  versions: string[];
  keys: string[];
}

const require = createRequire(import.meta.url);
const validatorVersions = () => ['ajv/package.json', 'ajv-formats/package.json'].map((name) => (require(name) as { version: string }).version);

/** The hash of a schema's text and the value validated against it. */
export function validationKey(schemaText: string, value: unknown): string {
  return createHash('sha256').update(schemaText).update('\0').update(JSON.stringify(value, keepNonFinite)).digest('hex');
}

/** JSON writes NaN and ±Infinity (YAML's .nan, .inf) as null; kept apart here, so null's verdict is not theirs. */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { nonFinite: String(value) } : value;
}

/** Reads `file` once; a missing, unreadable or stale file means nothing was validated at build. */
export function createBuildVerdicts(file: string): (key: string) => boolean {
  let keys: Set<string> | undefined;
  const load = (): Set<string> => {
    try {
      const read = JSON.parse(readFileSync(file, 'utf8')) as ValidatedFile;
      return read.versions.join() === validatorVersions().join() ? new Set(read.keys) : new Set();
    } catch {
      return new Set();
    }
  };
  return (key) => (keys ??= load()).has(key);
}

export function writeBuildVerdicts(keys: readonly string[], file: string = VALIDATED_AT_BUILD_FILE): void {
  writeFileSync(file, JSON.stringify({ versions: validatorVersions(), keys: [...keys].sort() } satisfies ValidatedFile));
}

/** Whether the build validated this key (dist/mocks/validated-at-build.json). */
export const validatedAtBuild: (key: string) => boolean = createBuildVerdicts(VALIDATED_AT_BUILD_FILE);
