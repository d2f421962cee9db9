/**
 * Tables read from YAML or JSON (keys, scenarios, labels by language, models, error ids…) are
 * looked up by names a client chooses. A plain object answers `table['constructor']` or
 * `table['__proto__']` from `Object.prototype`; a copy whose objects have no prototype answers
 * `undefined`, like any other name that is not configured.
 *
 * @example
 * const scenarios = withNullPrototypes(parse(text));
 * scenarios['constructor']; // undefined
 */

/** A deep copy of `value` in which every plain object has a null prototype; arrays stay arrays. */
export function withNullPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withNullPrototypes(item)) as T;
  if (!isPlainObject(value)) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  // Plain assignment is safe: with no prototype there is no `__proto__` setter to reach.
  for (const [key, item] of Object.entries(value)) copy[key] = withNullPrototypes(item);
  return copy as T;
}

/** A fresh empty object with no prototype, for tables filled at run time. */
export function emptyTable<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
