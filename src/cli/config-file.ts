/** Reads `--config <file>`: the serve options as JSON or YAML (YAML is a superset of JSON). */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

export interface ConfigFile {
  host?: string;
  ports?: { aibabe?: number; chatfire?: number; dify?: number };
  latency?: string;
  timeScale?: number;
  seed?: number;
  mocks?: string;
  adminToken?: string;
}

const KNOWN_KEYS = new Set(['host', 'ports', 'latency', 'timeScale', 'seed', 'mocks', 'adminToken']);

export async function readConfigFile(file: string): Promise<ConfigFile> {
  let parsed: unknown;
  try {
    parsed = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Failed to read config file ${file}: ${(error as Error).message}.`, { cause: error });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Failed to read config file ${file}: expected an object of options.`);
  const unknown = Object.keys(parsed).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length) throw new Error(`Failed to read config file ${file}: unknown option(s) ${unknown.join(', ')}. Known: ${[...KNOWN_KEYS].join(', ')}.`);
  return parsed as ConfigFile;
}
