/**
 * Loads an upstream's behaviour data: every `mocks/<upstream>/*.yaml` becomes the property named
 * after its file (`keys.yaml` → `keys`), and the merged object is validated against
 * `mocks/<upstream>/mocks.schema.json`. Errors name the file and the field. Every object loaded has
 * no prototype: handlers look these tables up by names a client sends (keys, scenarios, languages,
 * models), and `constructor` or `__proto__` must not be found there.
 *
 * @example
 * const mocks = await loadMocks('aibabe');
 * mocks.keys; // the demo API keys
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { withNullPrototypes } from '../contracts/null-prototype.js';
import { loadPrecompiledValidator, writePrecompiledValidators } from '../contracts/precompiled-validators.js';
import { allInOrder } from '../contracts/all-in-order.js';
import { parseYamlCached } from '../contracts/yaml-cache.js';
import type { LatencyDistribution, LatencyProfile } from '../sim/latency.js';
import { MockConfigError } from './mock-config-error.js';
import { VALIDATED_AT_BUILD_FILE, validatedAtBuild, validationKey, writeBuildVerdicts } from './validated-at-build.js';

export const DEFAULT_MOCKS_DIR = fileURLToPath(new URL('../../mocks/', import.meta.url));
/** Where the build writes the mocks schemas' validators (beside this module in dist/mocks). */
const PRECOMPILED_FILE = fileURLToPath(new URL('./precompiled-validators.cjs', import.meta.url));
const LATENCY_PROFILES_SCHEMA = 'latency-profiles.schema.json';
const UPSTREAM_SCHEMA = 'mocks.schema.json';

/** The parts of every upstream's mocks that the shared server shell reads. */
export interface ScenarioDefinition {
  description?: string;
  operations?: string[];
  error?: string;
  /** Answer the error only after the operation's simulated latency. */
  afterLatency?: boolean;
  /** Values for the error's `{placeholders}`, or arguments of a behaviour. */
  params?: Record<string, string | number>;
  behavior?: string;
  fault?: FaultDefinition;
}

export type FaultDefinition =
  | { kind: 'slow'; delayMs: number }
  | { kind: 'reset'; delayMs?: number }
  | { kind: 'gateway'; status: number; delayMs?: number };

export interface MockConfig {
  latency: Record<string, LatencyDistribution>;
  scenarios: Record<string, ScenarioDefinition>;
  [file: string]: unknown;
}

export async function loadMocks(upstream: string, { dir = DEFAULT_MOCKS_DIR }: { dir?: string } = {}): Promise<MockConfig> {
  return readMocks(upstream, dir, AT_RUN_TIME);
}

export async function loadLatencyProfiles({ dir = DEFAULT_MOCKS_DIR }: { dir?: string } = {}): Promise<Record<string, LatencyProfile>> {
  return readLatencyProfiles(dir, AT_RUN_TIME);
}

/** How a load treats a validation it may have seen before: skipped when the build saw it pass, or recorded by the build. */
interface Verdicts {
  known(key: string): boolean;
  passed(key: string): void;
}

const AT_RUN_TIME: Verdicts = { known: validatedAtBuild, passed: () => {} };

async function readMocks(upstream: string, dir: string, verdicts: Verdicts): Promise<MockConfig> {
  const upstreamDir = path.join(dir, upstream);
  const files = (await readdir(upstreamDir).catch((error: unknown) => {
    throw new MockConfigError(relative(dir, upstreamDir), '', 'the folder cannot be read', { cause: error });
  })).filter((file) => /\.ya?ml$/.test(file)).sort();
  const values = await allInOrder(files.map((file) => readYaml(dir, path.join(upstreamDir, file))));
  const merged: Record<string, unknown> = {};
  for (const [index, file] of files.entries()) merged[file.replace(/\.ya?ml$/, '')] = values[index];
  const schemaFile = path.join(upstreamDir, UPSTREAM_SCHEMA);
  await validateAgainst(dir, schemaFile, merged, (pointer) => {
    const [, property = '', ...rest] = pointer.split('/');
    return { file: relative(dir, path.join(upstreamDir, `${property}.yaml`)), field: rest.length ? `/${rest.join('/')}` : '' };
  }, await readFile(schemaFile, 'utf8'), verdicts);
  return withNullPrototypes({ latency: {}, scenarios: {}, ...merged }) as MockConfig;
}

async function readLatencyProfiles(dir: string, verdicts: Verdicts): Promise<Record<string, LatencyProfile>> {
  const file = path.join(dir, 'latency-profiles.yaml');
  const profiles = await readYaml(dir, file);
  const schemaFile = path.join(dir, LATENCY_PROFILES_SCHEMA);
  await validateAgainst(dir, schemaFile, profiles, (pointer) => ({ file: relative(dir, file), field: pointer }), await readFile(schemaFile, 'utf8'), verdicts);
  return withNullPrototypes(profiles) as Record<string, LatencyProfile>;
}

/** The HTML pages a simulated gateway answers with, keyed by status (`mocks/gateway-pages.yaml`). */
export async function loadGatewayPages({ dir = DEFAULT_MOCKS_DIR }: { dir?: string } = {}): Promise<Record<string, string>> {
  const pages = await readYaml(dir, path.join(dir, 'gateway-pages.yaml'));
  if (!pages || typeof pages !== 'object' || Object.values(pages).some((page) => typeof page !== 'string')) {
    throw new MockConfigError(relative(dir, path.join(dir, 'gateway-pages.yaml')), '', 'expected a map of HTTP status → HTML page');
  }
  return withNullPrototypes(pages) as Record<string, string>;
}

async function readYaml(dir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MockConfigError(relative(dir, file), '', 'the file cannot be read', { cause: error });
  }
  try {
    return parseYamlCached(text);
  } catch (error) {
    throw new MockConfigError(relative(dir, file), '', `not valid YAML (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Build step: compiles the shipped mocks schemas into the validators `loadMocks` picks up when a
 * schema is unchanged, then validates the shipped mocks with them and records the verdicts.
 */
export async function precompileMocksValidators(
  { dir = DEFAULT_MOCKS_DIR, file = PRECOMPILED_FILE, verdictsFile = VALIDATED_AT_BUILD_FILE }: { dir?: string; file?: string; verdictsFile?: string } = {},
): Promise<void> {
  const upstreams = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const files = [path.join(dir, LATENCY_PROFILES_SCHEMA), ...upstreams.map((upstream) => path.join(dir, upstream, UPSTREAM_SCHEMA))];
  const schemas = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    schemas.set(String(schema.$id), schema);
  }
  await writePrecompiledValidators(schemas, file);
  const passed: string[] = [];
  const atBuild: Verdicts = { known: () => false, passed: (key) => passed.push(key) };
  await readLatencyProfiles(dir, atBuild);
  for (const upstream of upstreams) await readMocks(upstream, dir, atBuild);
  writeBuildVerdicts(passed, verdictsFile);
}

/** One ajv for every mocks schema the build did not compile, made on first need; each schema text is compiled once per process. */
let mocksAjv: Promise<Ajv2020> | undefined;
const validatorsBySchemaText = new Map<string, ValidateFunction>();

async function compileMocksSchema(schemaText: string): Promise<ValidateFunction> {
  let validator = validatorsBySchemaText.get(schemaText);
  if (!validator) {
    const schema = JSON.parse(schemaText) as Record<string, unknown>;
    validator = loadPrecompiledValidator(PRECOMPILED_FILE, schema);
    if (!validator) {
      const ajv = await (mocksAjv ??= import('../contracts/ajv-instance.js').then(({ createAjv }) => createAjv()));
      // A different text under an $id seen before (an edited copy of mocks/) replaces the old one.
      if (typeof schema.$id === 'string') ajv.removeSchema(schema.$id);
      validator = ajv.compile(schema);
    }
    validatorsBySchemaText.set(schemaText, validator);
  }
  return validator;
}

async function validateAgainst(
  dir: string,
  schemaFile: string,
  value: unknown,
  locate: (pointer: string) => { file: string; field: string },
  schemaText: string,
  verdicts: Verdicts,
): Promise<void> {
  const key = validationKey(schemaText, value);
  if (verdicts.known(key)) return;
  const validator = await compileMocksSchema(schemaText);
  if (validator(value)) return verdicts.passed(key);
  const error = validator.errors?.[0];
  const pointer = error?.keyword === 'required'
    ? `${error.instancePath}/${String((error.params as { missingProperty: string }).missingProperty)}`
    : (error?.instancePath ?? '');
  const { file, field } = locate(pointer);
  throw new MockConfigError(file, field, `${error?.keyword === 'required' ? 'is required' : (error?.message ?? 'is invalid')} (schema ${relative(dir, schemaFile)})`);
}

function relative(dir: string, file: string): string {
  return path.join('mocks', path.relative(dir, file));
}
