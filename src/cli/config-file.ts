/** Reads `--config <file>`: the serve options as JSON or YAML (YAML is a superset of JSON). */
import { readFile } from 'node:fs/promises';

export interface ConfigFile {
  host?: string;
  ports?: { aibabe?: number; chatfire?: number; dify?: number };
  latency?: string;
  timeScale?: number;
  seed?: number;
  mocks?: string;
  adminToken?: string;
  graceMs?: number;
  limits?: { bodyBytes?: number; uploadBytes?: number; journalEntries?: number; stateEntries?: number };
}

const KNOWN_KEYS = new Set(['host', 'ports', 'latency', 'timeScale', 'seed', 'mocks', 'adminToken', 'graceMs', 'limits']);
const LIMIT_KEYS = new Set(['bodyBytes', 'uploadBytes', 'journalEntries', 'stateEntries']);

export async function readConfigFile(file: string): Promise<ConfigFile> {
  let parsed: unknown;
  try {
    const { parse: parseYaml } = await import('yaml');
    parsed = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Failed to read config file ${file}: ${(error as Error).message}.`, { cause: error });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Failed to read config file ${file}: expected an object of options.`);
  const unknown = Object.keys(parsed).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length) throw new Error(`Failed to read config file ${file}: unknown option(s) ${unknown.join(', ')}. Known: ${[...KNOWN_KEYS].join(', ')}.`);
  const { limits, graceMs } = parsed as ConfigFile;
  if (graceMs !== undefined && !(Number.isSafeInteger(graceMs) && graceMs >= 0)) throw new Error(`Failed to read config file ${file}: graceMs must be a whole number of milliseconds ≥ 0.`);
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (!LIMIT_KEYS.has(key)) throw new Error(`Failed to read config file ${file}: unknown limit ${key}. Known: ${[...LIMIT_KEYS].join(', ')}.`);
    if (!(Number.isSafeInteger(value) && (value as number) > 0)) throw new Error(`Failed to read config file ${file}: limits.${key} must be a whole number greater than 0.`);
  }
  return parsed as ConfigFile;
}
