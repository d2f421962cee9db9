/**
 * The files of a contracts folder: which upstreams it holds (a folder with an openapi.yaml) and
 * the JSON schemas in each upstream's `schemas/`, each keyed by its `$id`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { allInOrder } from './all-in-order.js';
import { ContractLoadError } from './contract-load-error.js';

/** The upstream ids under `dir`, sorted. */
export async function listUpstreams(dir: string): Promise<string[]> {
  try {
    const folders = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const withContract = await allInOrder(folders.map(async (name) => (await readdir(path.join(dir, name))).includes('openapi.yaml')));
    return folders.filter((_, index) => withContract[index]).sort();
  } catch (error) {
    throw new ContractLoadError(dir, 'the folder cannot be read', { cause: error });
  }
}

/** Adds every schemas/*.schema.json and returns relative file name → $id. */
export async function addSchemas(upstreamDir: string, add: (id: string, schema: Record<string, unknown>, file: string) => void): Promise<Map<string, string>> {
  const schemaDir = path.join(upstreamDir, 'schemas');
  const fileToId = new Map<string, string>();
  const files = (await readdir(schemaDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  // Read side by side (start-up waits on many small files), added in file-name order.
  const read = await allInOrder(files.map((file) => readJson(path.join(schemaDir, file))));
  for (const [index, file] of files.entries()) {
    const fullPath = path.join(schemaDir, file);
    const schema = read[index]!;
    const id = schema.$id;
    if (typeof id !== 'string') throw new ContractLoadError(fullPath, 'the schema has no "$id"');
    fileToId.set(file, id);
    add(id, schema, fullPath);
  }
  return fileToId;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ContractLoadError(file, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
