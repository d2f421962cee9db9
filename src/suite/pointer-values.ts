/**
 * Values in a body by JSON pointer: the one value at a pointer, or every value at a pointer whose
 * `*` tokens stand for every item of an array (or every key of an object).
 */
import { escapePointer } from '../contracts/index.js';
import { isObject, pointerTokens } from './schema-walk.js';

export interface PointedValue {
  /** The concrete pointer, with each `*` replaced by the index it matched. */
  pointer: string;
  value: unknown;
}

export function valuesAt(body: unknown, pattern: string): PointedValue[] {
  let found: PointedValue[] = [{ pointer: '', value: body }];
  for (const token of pointerTokens(pattern)) {
    found = found.flatMap(({ pointer, value }) => {
      if (token === '*') {
        if (Array.isArray(value)) return value.map((item, i) => ({ pointer: `${pointer}/${i}`, value: item }));
        if (isObject(value)) return Object.entries(value).map(([key, item]) => ({ pointer: `${pointer}/${escapePointer(key)}`, value: item }));
        return [];
      }
      if (Array.isArray(value)) return [{ pointer: `${pointer}/${token}`, value: value[Number(token)] }];
      if (isObject(value)) return [{ pointer: `${pointer}/${escapePointer(token)}`, value: value[token] }];
      return [{ pointer: `${pointer}/${escapePointer(token)}`, value: undefined }];
    });
  }
  return found;
}

/** The value at `pointer` (array items by index), or undefined when nothing is there. */
export function valueAt(body: unknown, pointer: string): unknown {
  let current: unknown = body;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else return undefined;
  }
  return current;
}
