/**
 * The options of `pixmock serve`, from flags, `PIXMOCK_*` variables and a config file, checked
 * against one schema (serve-config.schema.json): each option's type, range, flag and variable are
 * written there once, so a new option is one entry in that file. A value outside its range is a
 * {@link ConfigError} naming where it came from (the file and the field, the flag or the
 * variable) and what to write instead.
 *
 * @example
 * const config = await resolveServeConfig({ file: 'pixmock.yaml', values: [{ option: serveOption('/seed'), value: 7, source: '--seed' }] });
 * const servers = await createMockServers(serveOptionsFrom(config));
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_PORTS, type MockServersOptions } from '../app/create-mock-servers.js';
import { writePrecompiledValidators } from '../contracts/precompiled-validators.js';
import { ConfigError } from './config-error.js';
import { configError, firstError } from './config-error-from-schema.js';
import { checkExposure, checkPortIds, checkRedisPrefix, checkRedisUrl } from './config-rules.js';
import { setAt, valueAt } from './json-pointer.js';
import { SCHEMA } from './serve-config-schema.js';
import { PRECOMPILED_FILE, serveConfigValidator } from './serve-config-validator.js';
import { DEFAULT_GRACE_MS, DEFAULT_HOST, type ServeConfig } from './serve-defaults.js';
import { SERVE_OPTIONS, serveOption, serveOptionValue, type ServeOption } from './serve-options.js';

/** A flag's or variable's value for one option. */
export interface ServeOptionValue {
  option: ServeOption;
  value: string | number | boolean;
  /** The flag or variable it came from, named in errors. */
  source: string;
}

/** Reads and checks a config file (JSON or YAML). */
export async function readServeConfigFile(file: string): Promise<ServeConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError({ source: file, pointer: '', subject: file, reason: `cannot be read (${(error as Error).message})`, fix: 'Check the --config path' }, { cause: error });
  }
  let parsed: unknown;
  try {
    const { parse } = await import('yaml');
    parsed = parse(text);
  } catch (error) {
    throw new ConfigError({ source: file, pointer: '', subject: file, reason: `is not valid YAML or JSON (${(error as Error).message})`, fix: 'Fix the syntax the parser points at' }, { cause: error });
  }
  const validate = await serveConfigValidator();
  if (!validate(parsed)) throw configError(firstError(validate.errors), { file }, parsed);
  return parsed as ServeConfig;
}

/**
 * The options in effect: the file's, overridden by each flag or variable given. Checks every
 * value, then the rule that spans two: a host beyond loopback needs a long enough admin token.
 */
export async function resolveServeConfig({ file, values = [] }: { file?: string; values?: readonly ServeOptionValue[] }): Promise<ServeConfig> {
  const config = (file ? structuredClone(await readServeConfigFile(file)) : {}) as Record<string, unknown>;
  const sources = new Map<string, string>(file ? SERVE_OPTIONS.filter((option) => valueAt(config, option.pointer) !== undefined).map((option) => [option.pointer, file]) : []);
  if (file) for (const id of Object.keys((config.ports ?? {}) as object)) sources.set(`/ports/${id}`, file);
  for (const { option, value, source } of values) {
    await checkValue(option, value, source);
    setAt(config, option.pointer, value);
    sources.set(option.pointer, source);
  }
  checkExposure(config as ServeConfig, sources);
  checkPortIds(config as ServeConfig, sources);
  checkRedisUrl(config as ServeConfig, sources);
  checkRedisPrefix(config as ServeConfig, sources);
  return config as ServeConfig;
}

/** The `createMockServers` options for a config, with pixmock serve's defaults for the host and grace period. */
export function serveOptionsFrom(config: ServeConfig): MockServersOptions {
  const { mocks, ports, limits, cors, redis, host = DEFAULT_HOST, graceMs = DEFAULT_GRACE_MS, ...rest } = config;
  return {
    ...rest,
    host,
    graceMs,
    mocksDir: mocks,
    ports: { ...DEFAULT_PORTS, ...ports },
    limits: { ...limits },
    cors: { enabled: cors?.enabled, origins: originList(cors?.origins) },
    adminCorsOrigins: originList(cors?.adminOrigins),
    redis: redis?.url === undefined ? undefined : { url: redis.url, prefix: redis.prefix },
  };
}

function originList(list: string | undefined): string[] | undefined {
  return list?.split(',').map((origin) => origin.trim());
}

/** One option's value from a flag or variable, checked against its range (e.g. `pixmock verify --seed`). */
export async function checkServeOption(pointer: string, raw: string | number | boolean, source: string): Promise<string | number | boolean> {
  const option = serveOption(pointer);
  const value = serveOptionValue(option, raw);
  await checkValue(option, value, source);
  return value;
}

/** Build step: compiles the schema into the validator {@link readServeConfigFile} picks up while the schema is unchanged. */
export async function precompileServeConfigValidator({ file = PRECOMPILED_FILE }: { file?: string } = {}): Promise<void> {
  await writePrecompiledValidators(new Map([[SCHEMA.$id, SCHEMA as unknown as Record<string, unknown>]]), file);
}

/** A flag's or variable's value, checked alone: the schema with only this option set. */
async function checkValue(option: ServeOption, value: string | number | boolean, source: string): Promise<void> {
  const validate = await serveConfigValidator();
  const alone = setAt({}, option.pointer, value);
  if (!validate(alone)) throw configError(firstError(validate.errors), { source, raw: value }, alone);
}
