/**
 * A guard against JSON bodies nested so deeply that the code after the parser overflows the
 * stack: V8's `JSON.parse` copes with a million levels, but `JSON.stringify`, structured logging
 * and recursive readers throw `RangeError: Maximum call stack size exceeded` from about 10,000.
 * Measured iteratively, so the check itself never recurses.
 */

/** Deeper than any documented body (the deepest is 4 levels); Python's json (Dify) gives up near 1,000. */
export const MAX_JSON_DEPTH = 256;

/** True when `value` has arrays or objects nested more than `maxDepth` levels deep. */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: { value: object; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: object; depth: number };
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
