/** Argument parsers for commander that fail with a message naming the expected value. */
import { InvalidArgumentError } from 'commander';

export function parseNonNegativeInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 0x7fffffff) throw new InvalidArgumentError('Expected an integer between 0 and 2147483647.');
  return number;
}

/** Where `--report` writes: JUnit XML and/or JSON. */
export interface ReportPaths {
  junit?: string;
  json?: string;
}

/** `--report junit=<path>,json=<path>` (either or both), as `pixmock verify` and `pixmock proxy` take it. */
export function parseReports(value: string): ReportPaths {
  const reports: ReportPaths = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [kind, ...rest] = part.split('=');
    const file = rest.join('=');
    if ((kind !== 'junit' && kind !== 'json') || !file) throw new InvalidArgumentError(`Expected junit=<path> and/or json=<path>, got "${part}".`);
    reports[kind] = file;
  }
  return reports;
}
