/** Argument parsers for commander that fail with a message naming the expected value. */
import { InvalidArgumentError } from 'commander';

export function parseNonNegativeInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 0x7fffffff) throw new InvalidArgumentError('Expected an integer between 0 and 2147483647.');
  return number;
}
