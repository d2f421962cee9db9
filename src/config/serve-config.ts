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
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadPrecompiledValidator, writePrecompiledValidators } from '../contracts/precompiled-validators.js';
import { DEFAULT_PORTS, type MockServersOptions } from '../app/create-mock-servers.js';
import { DEFAULT_LIMITS, type ServerLimits } from '../core/index.js';
import { isLoopbackHost } from '../server/loopback.js';
import { ConfigError } from './config-error.js';
import SCHEMA_JSON from './serve-config.schema.json' with { type: 'json' };

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_GRACE_MS = 5_000;
/** Where the build writes this schema's validator (beside this module in dist/config). */
const PRECOMPILED_FILE = fileURLToPath(new URL('./precompiled-validators.cjs', import.meta.url));

/** What a config file may hold (serve-config.schema.json); flags and variables set the same fields. */
export interface ServeConfig {
  host?: string;
  ports?: Record<string, number>;
  latency?: string;
  timeScale?: number;
  seed?: number;
  replayIds?: boolean;
  mocks?: string;
  adminToken?: string;
  graceMs?: number;
  /** Origin lists as the flags take them: comma-separated. */
  cors?: { enabled?: boolean; origins?: string; adminOrigins?: string };
  limits?: Partial<ServerLimits>;
}

/** One option as the schema defines it. */
export interface ServeOption {
  /** Its place in a config file, as a JSON pointer: `/limits/bodyBytes`. */
  pointer: string;
  flag: string;
  env: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  /** What it does, in a few words (the flag's help). */
  title: string;
  /** Why its range is what it is. */
  description: string;
  /** The values it takes, in words: "a whole number from 0 to 65535". */
  expected: string;
  /** Never echoed in an error message (the admin token). */
  secret: boolean;
  /** What applies when nothing sets it (for help texts); undefined when the library decides. */
  defaultValue: unknown;
}

/** A flag's or variable's value for one option. */
export interface ServeOptionValue {
  option: ServeOption;
  value: string | number | boolean;
  /** The flag or variable it came from, named in errors. */
  source: string;
}

interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  writeOnly?: boolean;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  'x-pixmock-flag'?: string;
  'x-pixmock-env'?: string;
  'x-pixmock-expect'?: string;
}

/** How a flag or variable may say yes or no (`PIXMOCK_REPLAY_IDS=1`); anything else is refused by the schema. */
const BOOLEAN_WORDS = new Map([['true', true], ['1', true], ['yes', true], ['on', true], ['false', false], ['0', false], ['no', false], ['off', false]]);

const SCHEMA = SCHEMA_JSON as unknown as SchemaNode & { $id: string; $defs: Record<string, SchemaNode> };
const DEFAULTS: ServeConfig = { host: DEFAULT_HOST, ports: DEFAULT_PORTS, latency: 'realistic', timeScale: 1, graceMs: DEFAULT_GRACE_MS, limits: DEFAULT_LIMITS };

/** Every option of the schema, in its order. */
export const SERVE_OPTIONS: readonly ServeOption[] = optionsUnder(SCHEMA, '');

export function serveOption(pointer: string): ServeOption {
  const option = SERVE_OPTIONS.find((candidate) => candidate.pointer === pointer);
  if (!option) throw new Error(`Failed to find serve option ${pointer}: serve-config.schema.json has ${SERVE_OPTIONS.map((o) => o.pointer).join(', ')}.`);
  return option;
}

/** The flag and variable that give any upstream its port: `--port <id>=<n>`, `PIXMOCK_PORTS=<id>=<n>,…`. */
export const PORT_FLAG = '--port';
export const PORTS_ENV = 'PIXMOCK_PORTS';

/** The port of one upstream as an option, for `--port <id>=<n>` (the schema's `ports` takes any id). */
export function portOption(id: string): ServeOption {
  const port = SCHEMA.$defs.port ?? {};
  return {
    pointer: `/ports/${id}`,
    flag: PORT_FLAG,
    env: PORTS_ENV,
    type: 'integer',
    title: `${id} port (0 = any free port)`,
    description: '',
    expected: expectedValues(port),
    secret: false,
    defaultValue: DEFAULT_PORTS[id],
  };
}

/**
 * A flag's or variable's text as its option's type. Text that is not a number stays text, so the
 * schema refuses it with "must be number" like any other value.
 */
export function serveOptionValue(option: ServeOption, raw: string | number | boolean): string | number | boolean {
  if (option.type === 'boolean') return BOOLEAN_WORDS.get(String(raw).trim().toLowerCase()) ?? raw;
  if (typeof raw !== 'string' || option.type === 'string') return raw;
  const number = Number(raw);
  return raw.trim() === '' || Number.isNaN(number) ? raw : number;
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
  const validate = await validator();
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
  return config as ServeConfig;
}

/** The `createMockServers` options for a config, with pixmock serve's defaults for the host and grace period. */
export function serveOptionsFrom(config: ServeConfig): MockServersOptions {
  const { mocks, ports, limits, cors, host = DEFAULT_HOST, graceMs = DEFAULT_GRACE_MS, ...rest } = config;
  return {
    ...rest,
    host,
    graceMs,
    mocksDir: mocks,
    ports: { ...DEFAULT_PORTS, ...ports },
    limits: { ...limits },
    cors: { enabled: cors?.enabled, origins: originList(cors?.origins) },
    adminCorsOrigins: originList(cors?.adminOrigins),
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
  const validate = await validator();
  const alone = setAt({}, option.pointer, value);
  if (!validate(alone)) throw configError(firstError(validate.errors), { source, raw: value }, alone);
}

let compiled: Promise<ValidateFunction> | undefined;

function validator(): Promise<ValidateFunction> {
  compiled ??= (async () => {
    const schema = SCHEMA as unknown as Record<string, unknown>;
    const built = loadPrecompiledValidator(PRECOMPILED_FILE, schema);
    if (built) return built;
    const { createAjv } = await import('../contracts/ajv-instance.js');
    return createAjv().compile(schema);
  })();
  return compiled;
}

/** A port for an upstream no registry entry has is a typo, not a wish: refused, naming the ids there are. */
function checkPortIds(config: ServeConfig, sources: ReadonlyMap<string, string>): void {
  for (const id of Object.keys(config.ports ?? {})) {
    if (Object.hasOwn(DEFAULT_PORTS, id)) continue;
    const source = sources.get(`/ports/${id}`) ?? PORT_FLAG;
    const subject = source === PORT_FLAG || source === PORTS_ENV ? `${source} ${id}` : `${source} /ports/${id}`;
    throw new ConfigError({ source, pointer: `/ports/${id}`, subject, reason: 'names no upstream', fix: `Use ${Object.keys(DEFAULT_PORTS).join(', ')}` });
  }
}

function checkExposure(config: ServeConfig, sources: ReadonlyMap<string, string>): void {
  const host = config.host ?? DEFAULT_HOST;
  if (isLoopbackHost(host)) return;
  const minLength = SCHEMA.$defs.exposedAdminToken?.minLength ?? 1;
  const token = config.adminToken;
  if (token !== undefined && token.length >= minLength) return;
  const hostSource = sources.get('/host') ?? 'the default';
  const tokenSource = sources.get('/adminToken');
  throw new ConfigError({
    source: tokenSource ?? hostSource,
    pointer: '/adminToken',
    subject: `host ${host} (from ${hostSource})`,
    reason: `exposes the admin API beyond this machine, so it needs an admin token of at least ${minLength} characters; ${token === undefined ? 'none was given' : `the one from ${tokenSource} has ${token.length}`}`,
    fix: 'Pass --admin-token <token> (or PIXMOCK_ADMIN_TOKEN, or adminToken in the config file), e.g. one made by `openssl rand -hex 16`; or bind to 127.0.0.1',
  });
}

/** The error a user should fix first: one about an option rather than its parent object. */
function firstError(errors: ErrorObject[] | null | undefined): ErrorObject {
  const all = errors ?? [];
  return all.find((error) => error.keyword !== 'type' || error.instancePath !== '') ?? all[0] ?? ({ keyword: 'type', instancePath: '', message: 'is invalid', params: {} } as ErrorObject);
}

function configError(error: ErrorObject, from: { file: string } | { source: string; raw: string | number | boolean }, value: unknown): ConfigError {
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

function optionsUnder(node: SchemaNode, pointer: string): ServeOption[] {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
    const resolved = resolveRef(child);
    const childPointer = `${pointer}/${name}`;
    if (resolved.properties) return optionsUnder(resolved, childPointer);
    const flag = resolved['x-pixmock-flag'];
    const env = resolved['x-pixmock-env'];
    if (!flag || !env) throw new Error(`Failed to read serve-config.schema.json: ${childPointer} has no x-pixmock-flag or x-pixmock-env. Give every option both.`);
    return [{
      pointer: childPointer,
      flag,
      env,
      type: resolved.type as ServeOption['type'],
      title: resolved.title ?? childPointer,
      description: resolved.description ?? '',
      expected: expectedValues(resolved),
      secret: resolved.writeOnly === true,
      defaultValue: valueAt(DEFAULTS, childPointer),
    }];
  });
}

function expectedValues(node: SchemaNode): string {
  if (node.type === 'integer') return `a whole number from ${node.minimum} to ${node.maximum}`;
  if (node.type === 'number') return `a number from ${node.minimum} to ${node.maximum}`;
  if (node.type === 'boolean') return 'true or false';
  return node['x-pixmock-expect'] ?? 'text';
}

/** A node with its local `$ref` (`#/$defs/port`) merged in; the node's own keywords win. */
function resolveRef(node: SchemaNode): SchemaNode {
  const name = node.$ref?.replace(/^#\/\$defs\//, '');
  const target = name === undefined ? undefined : SCHEMA.$defs[name];
  return target ? { ...target, ...node } : node;
}

function nodeAt(pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = SCHEMA;
  for (const name of pointer.split('/').slice(1)) {
    const properties: Record<string, SchemaNode> = node?.properties ?? {};
    node = Object.hasOwn(properties, name) ? resolveRef(properties[name] as SchemaNode) : undefined;
  }
  return node;
}

function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const name of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, name)) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

function setAt<T extends Record<string, unknown>>(target: T, pointer: string, value: unknown): T {
  const names = pointer.split('/').slice(1);
  let current: Record<string, unknown> = target;
  for (const name of names.slice(0, -1)) {
    const next = current[name];
    current = (current[name] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>;
  }
  current[names[names.length - 1] as string] = value;
  return target;
}
