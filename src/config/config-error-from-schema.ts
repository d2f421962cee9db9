/**
 * A schema error as the {@link ConfigError} a user reads: where the value came from (the file and
 * the field, or the flag or variable), what is wrong, and what to write instead; the admin token is
 * never shown.
 */
import type { ErrorObject } from 'ajv';
import { ConfigError } from './config-error.js';
import { valueAt } from './json-pointer.js';
import { nodeAt } from './serve-config-schema.js';
import { SERVE_OPTIONS } from './serve-options.js';

/** The error a user should fix first: one about an option rather than its parent object. */
export function firstError(errors: ErrorObject[] | null | undefined): ErrorObject {
  const all = errors ?? [];
  return all.find((error) => error.keyword !== 'type' || error.instancePath !== '') ?? all[0] ?? ({ keyword: 'type', instancePath: '', message: 'is invalid', params: {} } as ErrorObject);
}

/** The ConfigError for one schema error in a config file, or in one flag's or variable's value. */
export function configError(error: ErrorObject, from: { file: string } | { source: string; raw: string | number | boolean }, value: unknown): ConfigError {
  const unknownName = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined;
  const pointer = unknownName === undefined ? error.instancePath : `${error.instancePath}/${unknownName}`;
  const option = SERVE_OPTIONS.find((candidate) => candidate.pointer === pointer);
  const source = 'file' in from ? from.file : from.source;
  if (pointer === '' && 'file' in from) {
    return new ConfigError({ source, pointer, subject: from.file, reason: 'is not an object of options', fix: 'Write the options as a JSON or YAML object, e.g. "timeScale: 100"' });
  }
  if (unknownName !== undefined || !option) {
    const known = Object.keys(nodeAt(error.instancePath)?.properties ?? {});
    const subject = 'file' in from ? `${from.file} ${pointer}` : source;
    const reason = unknownName !== undefined ? 'is not an option' : (error.message ?? 'is invalid');
    return new ConfigError({ source, pointer, subject, reason, fix: `Use ${known.join(', ')}` });
  }
  const shown = option.secret ? '' : ` is ${'file' in from ? JSON.stringify(valueAt(value, pointer)) : String(from.raw)}`;
  const subject = 'file' in from ? `${from.file} ${pointer}${shown}` : `${source}${shown}`;
  const reason = error.keyword === 'pattern' ? 'has characters it may not have' : (error.message ?? 'is invalid');
  const name = 'file' in from ? pointer.slice(1).replaceAll('/', '.') : source;
  return new ConfigError({ source, pointer, subject, reason, fix: `Set ${name} to ${option.expected}` });
}
