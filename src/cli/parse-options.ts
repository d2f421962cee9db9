/** Argument parsers for commander that fail with a message naming the expected value. */
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('Expected a port between 0 and 65535 (0 = any free port).');
  return port;
}

export function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('Expected a number greater than 0.');
  return number;
}

export function parseNonNegativeInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 0x7fffffff) throw new InvalidArgumentError('Expected an integer between 0 and 2147483647.');
  return number;
}

export function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new InvalidArgumentError('Expected a whole number greater than 0.');
  return number;
}
