/**
 * The ways to break a valid JSON body one at a time, each a negative case the upstream must refuse:
 * a required field missing, a field of the wrong type, a value outside its enum, a string over its
 * maxLength, a body over the upstream's size limit.
 */
import { valueAt } from './pointer-values.js';
import { isObject, jsonType, pointerTokens, type PropertyInfo } from './schema-walk.js';
import type { SuiteCase } from './types.js';

const OUT_OF_ENUM_VALUE = 'pixmock-suite-not-documented';
const OVERSIZE_MARGIN_BYTES = 1024;

export interface NegativeBodyInput {
  /** The valid body every case breaks. */
  first: unknown;
  properties: PropertyInfo[];
  /** Names `first` makes required (if/then, dependentRequired). */
  conditionallyRequired: string[];
  /** The upstream's body limit, if its contract states one (`x-pixmock-body-limit`). */
  bodyLimit: number | undefined;
  /** The case that sends `first` changed by `mutation`. */
  negative: (source: SuiteCase['source'], pointer: string, title: string, mutation: SuiteCase['mutation']) => SuiteCase;
}

export function negativeBodyCases({ first, properties, conditionallyRequired, bodyLimit, negative }: NegativeBodyInput): SuiteCase[] {
  const cases: SuiteCase[] = [];
  const requiredPointers = new Set(properties.filter((p) => p.required && presentAt(first, p.pointer, true)).map((p) => p.pointer));
  for (const name of conditionallyRequired) requiredPointers.add(`/${name}`);
  for (const pointer of requiredPointers) {
    cases.push(negative('required-missing', pointer, `required ${pointer} missing`, { kind: 'remove', pointer }));
  }
  for (const property of properties.filter((p) => presentAt(first, p.pointer, p.required))) {
    const wrong = wrongTypeValue(property);
    if (wrong !== undefined) cases.push(negative('wrong-type', property.pointer, `${property.pointer} as ${jsonType(wrong)}`, { kind: 'set', pointer: property.pointer, value: wrong }));
    if (property.enum && property.types.includes('string')) {
      cases.push(negative('out-of-enum', property.pointer, `${property.pointer} outside its enum`, { kind: 'set', pointer: property.pointer, value: OUT_OF_ENUM_VALUE }));
    }
  }
  const padTarget = properties.find((p) => p.required && p.types.length === 1 && p.types[0] === 'string' && !p.enum && typeof valueAt(first, p.pointer) === 'string' && !p.schema.format)
    ?? properties.find((p) => p.types.includes('string') && !p.enum && typeof valueAt(first, p.pointer) === 'string');
  if (padTarget) {
    if (padTarget.maxLength !== undefined) {
      cases.push(negative('oversize', `${padTarget.pointer}#maxLength`, `${padTarget.pointer} over maxLength ${padTarget.maxLength}`, { kind: 'set', pointer: padTarget.pointer, value: 'x'.repeat(padTarget.maxLength + 1) }));
    }
    if (bodyLimit !== undefined) {
      cases.push(negative('oversize', `${padTarget.pointer}#body`, `body over ${bodyLimit} bytes`, { kind: 'pad', pointer: padTarget.pointer, bytes: bodyLimit + OVERSIZE_MARGIN_BYTES }));
    }
  }
  return cases;
}

function wrongTypeValue(property: PropertyInfo): unknown {
  const types = property.types;
  if (types.length === 0) return undefined;
  if (!types.includes('integer') && !types.includes('number')) return 12345;
  if (!types.includes('string')) return 'not-a-number';
  if (!types.includes('object')) return { unexpected: true };
  return undefined;
}

function presentAt(body: unknown, pointer: string, orRequired: boolean): boolean {
  return valueAt(body, pointer) !== undefined || (orRequired && parentPresent(body, pointer));
}

function parentPresent(body: unknown, pointer: string): boolean {
  const tokens = pointerTokens(pointer);
  tokens.pop();
  let current: unknown = body;
  for (const token of tokens) {
    if (!isObject(current)) return false;
    current = current[token];
  }
  return isObject(current);
}
