/**
 * Checks, when an upstream is built, that every name its contract and mocks use for something
 * else exists: a scenario's catalogue error and operations, an operation's error ids, a behaviour's
 * arguments. A mistake refuses the start, naming the file, the field and the fix, instead of
 * answering HTTP 500 when a request first reaches it.
 *
 * @example
 * checkConfig(ctx, check) {
 *   for (const [name, scenario] of Object.entries(ctx.mocks.scenarios)) {
 *     check.oneOf(check.mocks('scenarios', `/${name}/params/failure`), scenario.params?.failure, Object.keys(failures), check.mocks('task-failures'));
 *   }
 * }
 */
import { escapePointer } from '../contracts/index.js';

/** How many known names a problem lists as the fix; a catalogue can hold dozens. */
const NAMES_LISTED = 12;

/** A place in a file: `mocks/dify/scenarios.yaml` at `/stream_error/params/error`. */
export interface ConfigPlace {
  file: string;
  field: string;
}

export interface ConfigProblem extends ConfigPlace {
  reason: string;
  fix: string;
}

export interface ConfigChecker {
  /** A field of `mocks/<id>/<file>.yaml`. */
  mocks(file: string, field?: string): ConfigPlace;
  /** A field of `contracts/<id>/openapi.yaml`, by JSON pointer. */
  contract(field?: string): ConfigPlace;
  /** A field of one operation in the contract: `operationField(op, 'x-pixmock-error-ids/0')`. */
  operationField(operation: { path: string; method: string }, field: string): ConfigPlace;
  /** `id` must be an error of the contract's catalogue (`x-pixmock-errors`). */
  errorId(place: ConfigPlace, id: unknown): void;
  /** `id` must be an operationId of the contract. */
  operationId(place: ConfigPlace, id: unknown): void;
  /** `value` must be one of `known` (the keys of the table at `knownPlace`). */
  oneOf(place: ConfigPlace, value: unknown, known: Iterable<string>, knownPlace: ConfigPlace): void;
  /** Something required is missing or malformed at `place`. */
  problem(place: ConfigPlace, reason: string, fix: string): void;
}

/** The start refused: every broken reference found, each with its file, field and fix. */
export class ConfigReferenceError extends Error {
  override readonly name = 'ConfigReferenceError';

  constructor(
    readonly upstream: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`Failed to start ${upstream}: ${problems.length === 1 ? 'a reference is broken' : `${problems.length} references are broken`}.\n${problems.map(describeProblem).join('\n')}`);
  }
}

export function describeProblem({ file, field, reason, fix }: ConfigProblem): string {
  return `  ${file}${field ? ` at ${field}` : ''}: ${reason}. ${fix}.`;
}

/** Where an upstream's files were read, as problems name them (default `mocks` and `contracts`). */
export interface ConfigFolders {
  mocks?: string;
  contracts?: string;
}

/** A checker for one upstream, collecting problems; `errorIds` and `operationIds` are the contract's. */
export function createConfigChecker(upstream: string, errorIds: readonly string[], operationIds: readonly string[], { mocks = 'mocks', contracts = 'contracts' }: ConfigFolders = {}): ConfigChecker & { problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const contractFile = `${contracts}/${upstream}/openapi.yaml`;
  const listed = (names: readonly string[]) => (names.length > NAMES_LISTED ? `${names.slice(0, NAMES_LISTED).join(', ')}, …` : names.join(', '));
  const checker = {
    problems,
    mocks: (file: string, field = '') => ({ file: `${mocks}/${upstream}/${file}.yaml`, field }),
    contract: (field = '') => ({ file: contractFile, field }),
    operationField: ({ path, method }: { path: string; method: string }, field: string) => ({ file: contractFile, field: `/paths/${escapePointer(path)}/${method.toLowerCase()}/${field}` }),
    errorId(place: ConfigPlace, id: unknown) {
      if (typeof id === 'string' && errorIds.includes(id)) return;
      problems.push({ ...place, reason: `names the error ${JSON.stringify(id)}, which the catalogue (x-pixmock-errors of ${contractFile}) does not have`, fix: `Use one of ${listed(errorIds)}, or add it to the catalogue` });
    },
    operationId(place: ConfigPlace, id: unknown) {
      if (typeof id === 'string' && operationIds.includes(id)) return;
      problems.push({ ...place, reason: `names the operation ${JSON.stringify(id)}, which ${contractFile} does not document`, fix: `Use one of ${listed(operationIds)}` });
    },
    oneOf(place: ConfigPlace, value: unknown, known: Iterable<string>, knownPlace: ConfigPlace) {
      const names = [...known];
      if (typeof value === 'string' && names.includes(value)) return;
      const where = `${knownPlace.file}${knownPlace.field ? ` at ${knownPlace.field}` : ''}`;
      problems.push({ ...place, reason: `names ${JSON.stringify(value)}, which ${where} does not have`, fix: `Use one of ${listed(names)}, or add it there` });
    },
    problem(place: ConfigPlace, reason: string, fix: string) {
      problems.push({ ...place, reason, fix });
    },
  };
  return checker;
}
