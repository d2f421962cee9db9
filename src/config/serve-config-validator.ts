/**
 * The schema's validator, made once: the build's precompiled one while the schema is unchanged,
 * else compiled here (which loads ajv's compiler only then).
 */
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { loadPrecompiledValidator } from '../contracts/precompiled-validators.js';
import { SCHEMA } from './serve-config-schema.js';

/** Where the build writes this schema's validator (beside this module in dist/config). */
export const PRECOMPILED_FILE = fileURLToPath(new URL('./precompiled-validators.cjs', import.meta.url));

let compiled: Promise<ValidateFunction> | undefined;

export function serveConfigValidator(): Promise<ValidateFunction> {
  compiled ??= (async () => {
    const schema = SCHEMA as unknown as Record<string, unknown>;
    const built = loadPrecompiledValidator(PRECOMPILED_FILE, schema);
    if (built) return built;
    const { createAjv } = await import('../contracts/ajv-instance.js');
    return createAjv().compile(schema);
  })();
  return compiled;
}
