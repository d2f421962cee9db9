/**
 * `pixmock serve`: start every upstream and print where they are. Options come, in order of
 * precedence, from flags, `PIXMOCK_*` environment variables, a config file, and the defaults; the
 * flags and variables are made from the library's option schema, which also checks their values.
 */
import { Command, Option } from 'commander';
// The parts of the public API serve uses, not all of it: serve starts without the contract suite.
import { createMockServers, type MockServersOptions } from '../app/create-mock-servers.js';
import { PORT_FLAG, portOption, PORTS_ENV, resolveServeConfig, SERVE_OPTIONS, serveOptionsFrom, serveOptionValue, type ServeOption, type ServeOptionValue } from '../config/index.js';
import { deferredPino, LOG_LEVELS, type LogLevel } from './deferred-pino.js';

export { DEFAULT_GRACE_MS } from '../config/index.js';

/** Each schema option with the attribute commander reads its flag into (`--max-body-bytes` → maxBodyBytes). */
const FLAGS = SERVE_OPTIONS.map((option) => ({ option, attribute: new Option(option.flag).attributeName() }));

export function createServeCommand(): Command {
  const command = new Command('serve').description('Start the simulated aibabe, chatfire and Dify upstreams.');
  for (const { option } of FLAGS) command.addOption(commanderOption(option));
  return command
    .addOption(
      new Option(`${PORT_FLAG} <id=n>`, 'port of any upstream, by id (repeatable; 0 = any free port)')
        .env(PORTS_ENV)
        .argParser((raw: string, previous: string[] = []) => [...previous, ...raw.split(',')]),
    )
    .addOption(new Option('--config <file>', 'JSON or YAML file with any of these options').env('PIXMOCK_CONFIG'))
    .addOption(new Option('--log-level <level>', 'log level on stderr').choices([...LOG_LEVELS].reverse()).env('PIXMOCK_LOG_LEVEL').default('info'))
    .option('--json', 'print one JSON line when every port is listening')
    .action(async (flags: ServeFlags, self: Command) => {
      const sources = Object.fromEntries([...FLAGS.map(({ attribute }) => attribute), 'port'].map((attribute) => [attribute, self.getOptionValueSource(attribute)]));
      const options = await resolveServeOptions(flags, sources);
      const servers = await createMockServers(options);
      const ready = servers.readyEvent();
      process.stdout.write(flags.json ? `${JSON.stringify(ready)}\n` : formatReadyTable(ready, options));
      // The first signal lets requests in flight finish for the grace period; a second one cuts them now.
      let stopping = false;
      const stop = async () => {
        if (stopping) return servers.close(0);
        stopping = true;
        await servers.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}

/** The parsed flags: one attribute per schema option (`timeScale`, `maxBodyBytes`…), plus the shell's own. */
interface ServeFlags {
  [attribute: string]: unknown;
  config?: string;
  /** `--port <id>=<n>` values, in order. */
  port?: string[];
  logLevel: LogLevel;
  json?: boolean;
}

/**
 * The library options for these flags. `sources` says, per attribute, whether commander read it
 * from the command line or the environment (`getOptionValueSource`), so an error names the right one.
 */
export async function resolveServeOptions(flags: ServeFlags, sources: Record<string, string | undefined> = {}): Promise<MockServersOptions> {
  const values: ServeOptionValue[] = FLAGS.flatMap(({ option, attribute }) => {
    const value = flags[attribute];
    if (value === undefined) return [];
    return [{ option, value: serveOptionValue(option, value as string | number | boolean), source: sources[attribute] === 'env' ? option.env : option.flag }];
  });
  for (const pair of flags.port ?? []) {
    const [id = '', port = ''] = pair.split('=');
    const option = portOption(id.trim());
    values.push({ option, value: serveOptionValue(option, port), source: sources.port === 'env' ? PORTS_ENV : PORT_FLAG });
  }
  const config = await resolveServeConfig({ file: flags.config, values });
  return { ...serveOptionsFrom(config), logger: deferredPino(flags.logLevel) };
}

/** The flag, its variable and its help; the value is only converted here, and checked with the rest in resolveServeOptions. */
function commanderOption(option: ServeOption): Option {
  const help = `${option.title}: ${option.expected}${option.defaultValue === undefined ? '' : ` (default ${String(option.defaultValue)})`}`;
  // A yes/no option takes an optional value, so `--replay-ids` alone says yes and `PIXMOCK_REPLAY_IDS=false` says no.
  const value = option.type === 'boolean' ? '[bool]' : `<${option.type === 'string' ? 'value' : 'n'}>`;
  return new Option(`${option.flag} ${value}`, help).env(option.env).argParser((raw: string) => serveOptionValue(option, raw));
}

function formatReadyTable(ready: ReturnType<Awaited<ReturnType<typeof createMockServers>>['readyEvent']>, options: MockServersOptions): string {
  const lines = [`pixmock ready (seed ${ready.seed}, latency ${options.latency ?? 'realistic'}, time scale ${options.timeScale ?? 1})`, ''];
  for (const [id, info] of Object.entries(ready.upstreams)) {
    const { url, ...credentials } = info;
    lines.push(`  ${id.padEnd(9)} ${url}`);
    for (const [key, value] of Object.entries(credentials)) lines.push(`  ${''.padEnd(9)}   ${key}: ${value}`);
  }
  lines.push('', 'Admin API on every port: /__pixmock/health, /requests, /reset, /scenario, /clock. Ctrl-C stops.', '');
  return lines.join('\n');
}
