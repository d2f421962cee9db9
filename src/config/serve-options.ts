/**
 * Every option of `pixmock serve` as the schema defines it: its pointer, flag, variable, type and
 * the values it takes in words, plus the port of any upstream by its id, and a flag's text read as
 * its option's type.
 */
import { DEFAULT_PORTS } from '../app/create-mock-servers.js';
import { valueAt } from './json-pointer.js';
import { resolveRef, SCHEMA, type SchemaNode } from './serve-config-schema.js';
import { SERVE_DEFAULTS } from './serve-defaults.js';

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

/** How a flag or variable may say yes or no (`PIXMOCK_REPLAY_IDS=1`); anything else is refused by the schema. */
const BOOLEAN_WORDS = new Map([['true', true], ['1', true], ['yes', true], ['on', true], ['false', false], ['0', false], ['no', false], ['off', false]]);

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
      defaultValue: valueAt(SERVE_DEFAULTS, childPointer),
    }];
  });
}

function expectedValues(node: SchemaNode): string {
  if (node.type === 'integer') return `a whole number from ${node.minimum} to ${node.maximum}`;
  if (node.type === 'number') return `a number from ${node.minimum} to ${node.maximum}`;
  if (node.type === 'boolean') return 'true or false';
  return node['x-pixmock-expect'] ?? 'text';
}
