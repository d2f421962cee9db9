import { describe, expect, it } from 'vitest';
import { emptyTable, withNullPrototypes } from './null-prototype.js';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('withNullPrototypes', () => {
  it.each(PROTOTYPE_NAMES)('makes a nested table answer undefined for %s', (name) => {
    const table = withNullPrototypes({ keys: { 'sk-demo': { status: 'active' } }, list: [{ labels: { en: 'Age' } }] });
    expect((table.keys as Record<string, unknown>)[name]).toBeUndefined();
    expect((table.list[0]?.labels as Record<string, string>)[name]).toBeUndefined();
  });

  it('keeps a "__proto__" key read from JSON as an ordinary key', () => {
    const table = withNullPrototypes(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>);
    expect(Object.keys(table)).toEqual(['__proto__', 'a']);
    expect((table as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(table)).toBeNull();
  });

  it('copies: the value given is left as it was', () => {
    const value = { a: { b: 1 } };
    const copy = withNullPrototypes(value);
    copy.a.b = 2;
    expect(value.a.b).toBe(1);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('leaves arrays, primitives, dates and class instances as they are', () => {
    const date = new Date(0);
    const copy = withNullPrototypes({ list: [1, 'a', null], date, map: new Map([['k', 1]]) });
    expect(Array.isArray(copy.list)).toBe(true);
    expect(copy.list).toEqual([1, 'a', null]);
    expect(copy.date).toBe(date);
    expect(copy.map.get('k')).toBe(1);
  });
});

describe('emptyTable', () => {
  it.each(PROTOTYPE_NAMES)('answers undefined for %s until it is set', (name) => {
    const table = emptyTable<string>();
    expect(table[name]).toBeUndefined();
    table[name] = 'set';
    expect(table[name]).toBe('set');
    expect(Object.keys(table)).toEqual([name]);
  });
});
