/**
 * `pixmock wait --url <url> [--url <url>…] [--timeout ms]`: exits 0 once every URL's pixmock
 * reports healthy, 1 when one is not by the timeout, 2 on a usage error. For pipelines that start
 * `pixmock serve` in the background without Node to read its ready line.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseNonNegativeInt } from './parse-options.js';
import { waitForHealth } from './wait-for-health.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const EXIT_NOT_READY = 1;
const EXIT_USAGE = 2;

export function createWaitCommand(): Command {
  return new Command('wait')
    .description('Wait until pixmock answers healthy at each URL (an upstream port, e.g. http://127.0.0.1:4010).')
    .addOption(new Option('--url <url>', 'a pixmock port\'s URL or its /__pixmock/health URL; repeat for several').argParser(collectUrl).makeOptionMandatory())
    .addOption(new Option('--timeout <ms>', 'give up after this many milliseconds').default(DEFAULT_TIMEOUT_MS).argParser(parseNonNegativeInt))
    .addOption(new Option('--admin-token <t>', 'the token pixmock serve was given').env('PIXMOCK_ADMIN_TOKEN'))
    .addHelpText('after', '\nExit codes: 0 ready, 1 not ready by the timeout, 2 usage errors.')
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    })
    .action(async ({ url, timeout, adminToken }: { url: string[]; timeout: number; adminToken?: string }) => {
      const results = await Promise.all(url.map((each) => waitForHealth(each, { timeoutMs: timeout, adminToken })));
      for (const result of results) {
        if (result.ready) process.stdout.write(`pixmock: ${result.upstream} ready at ${result.healthUrl}\n`);
        else process.stderr.write(`pixmock wait: Failed to see ${result.healthUrl} healthy within ${timeout} ms: ${result.reason}. Check that pixmock serve runs on that port, or raise --timeout.\n`);
      }
      process.exitCode = results.every((result) => result.ready) ? 0 : EXIT_NOT_READY;
    });
}

function collectUrl(value: string, previous: string[] = []): string[] {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new InvalidArgumentError('Expected an http(s) URL such as http://127.0.0.1:4010.');
  return [...previous, value];
}
