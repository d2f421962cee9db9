/** Reading and writing a config's values by their JSON pointer (`/limits/bodyBytes`). */

/** The value at `pointer`, or undefined when a name on the way is not an own property. */
export function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const name of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, name)) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

/** Sets the value at `pointer`, making the objects on the way; returns `target`. */
export function setAt<T extends Record<string, unknown>>(target: T, pointer: string, value: unknown): T {
  const names = pointer.split('/').slice(1);
  let current: Record<string, unknown> = target;
  for (const name of names.slice(0, -1)) {
    const next = current[name];
    current = (current[name] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>;
  }
  current[names[names.length - 1] as string] = value;
  return target;
}
