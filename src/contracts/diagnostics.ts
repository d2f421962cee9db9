/**
 * Turns ajv's errors into diagnostics a person can act on: where (JSON pointer), what the
 * contract expects, and what was received.
 */
import type { ErrorObject } from 'ajv';

export interface Diagnostic {
  /** JSON pointer into the validated value; "" is the value itself. */
  pointer: string;
  keyword: string;
  message: string;
  expected?: unknown;
  received?: unknown;
}

const RECEIVED_MAX_CHARS = 120;

export function toDiagnostics(errors: readonly ErrorObject[] | null | undefined, value: unknown): Diagnostic[] {
  if (!errors) return [];
  const diagnostics = errors
    .filter((error) => !isCompositeNoise(error, errors))
    .map((error) => toDiagnostic(error, value));
  return dedupe(diagnostics);
}

export function formatDiagnostic({ pointer, message, expected, received }: Diagnostic): string {
  const where = pointer === '' ? '(root)' : pointer;
  const parts = [`${where}: ${message}`];
  if (expected !== undefined) parts.push(`expected ${preview(expected)}`);
  if (received !== undefined) parts.push(`received ${preview(received)}`);
  return parts.join('; ');
}

function toDiagnostic(error: ErrorObject, value: unknown): Diagnostic {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { pointer: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`, keyword: 'required', message: 'is required', expected: 'present' };
  }
  if (error.keyword === 'additionalProperties') {
    const pointer = `${error.instancePath}/${escapePointer(String(params.additionalProperty))}`;
    return { pointer, keyword: error.keyword, message: 'is not allowed', received: valueAt(value, pointer) };
  }
  return {
    pointer: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    expected: expectedFrom(error.keyword, params),
    received: valueAt(value, error.instancePath),
  };
}

function expectedFrom(keyword: string, params: Record<string, unknown>): unknown {
  switch (keyword) {
    case 'type': return params.type;
    case 'enum': return params.allowedValues;
    case 'const': return params.allowedValue;
    case 'pattern': return `pattern ${String(params.pattern)}`;
    case 'format': return `format ${String(params.format)}`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${String(params.comparison)} ${String(params.limit)}`;
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems':
      return `${keyword} ${String(params.limit)}`;
    default: return undefined;
  }
}

/** `oneOf`/`anyOf`/`if` failures only summarise their branches' errors, which are reported anyway. */
function isCompositeNoise(error: ErrorObject, all: readonly ErrorObject[]): boolean {
  return ['if', 'anyOf', 'oneOf'].includes(error.keyword) && all.some((other) => other !== error && other.instancePath.startsWith(error.instancePath));
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.pointer}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function valueAt(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current: unknown = value;
  for (const token of pointer.slice(1).split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[unescape(token)];
  }
  return current;
}

/** One token of a JSON pointer (RFC 6901): `~` and `/` escaped. */
export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescape(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > RECEIVED_MAX_CHARS ? `${text.slice(0, RECEIVED_MAX_CHARS)}…` : text;
}
