/**
 * `pixmock serve`: start every upstream and print where they are. Options come, in order of
 * precedence, from flags, `PIXMOCK_*` environment variables, a config file, and the defaults.
 */
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { createMockServers, DEFAULT_LIMITS, DEFAULT_PORTS, type MockServersOptions, type ServerLimits } from '../index.js';
import { readConfigFile } from './config-file.js';
import { parseNonNegativeInt, parsePort, parsePositiveInt, parsePositiveNumber } from './parse-options.js';

export function createServeCommand(): Command {
  return new Command('serve')
    .description('Start the simulated aibabe, chatfire and Dify upstreams.')
    .addOption(new Option('--host <host>', 'interface to bind (default 127.0.0.1)').env('PIXMOCK_HOST'))
    .addOption(new Option('--port-aibabe <port>', 'aibabe port (0 = any free port)').env('PIXMOCK_PORT_AIBABE').argParser(parsePort))
    .addOption(new Option('--port-chatfire <port>', 'chatfire port (0 = any free port)').env('PIXMOCK_PORT_CHATFIRE').argParser(parsePort))
    .addOption(new Option('--port-dify <port>', 'Dify port (0 = any free port)').env('PIXMOCK_PORT_DIFY').argParser(parsePort))
    .addOption(new Option('--latency <profile>', 'latency profile').choices(['realistic', 'fast', 'instant']).env('PIXMOCK_LATENCY'))
    .addOption(new Option('--time-scale <n>', 'divide every simulated wait by n').env('PIXMOCK_TIME_SCALE').argParser(parsePositiveNumber))
    .addOption(new Option('--seed <n>', 'seed for ids, latencies and images').env('PIXMOCK_SEED').argParser(parseNonNegativeInt))
    .addOption(new Option('--mocks <dir>', 'behaviour data folder (keys, agents, scenarios, latency)').env('PIXMOCK_MOCKS'))
    .addOption(new Option('--admin-token <token>', 'require this bearer token on /__pixmock (required when --host is not loopback)').env('PIXMOCK_ADMIN_TOKEN'))
    .addOption(new Option('--grace-ms <ms>', 'on SIGTERM/SIGINT, let in-flight requests finish this long, then close (default 5000)').env('PIXMOCK_GRACE_MS').argParser(parseNonNegativeInt))
    .addOption(new Option('--max-body-bytes <n>', `largest JSON body (default ${DEFAULT_LIMITS.bodyBytes})`).env('PIXMOCK_MAX_BODY_BYTES').argParser(parsePositiveInt))
    .addOption(new Option('--max-upload-bytes <n>', `largest uploaded file (default ${DEFAULT_LIMITS.uploadBytes})`).env('PIXMOCK_MAX_UPLOAD_BYTES').argParser(parsePositiveInt))
    .addOption(new Option('--max-journal-entries <n>', `requests kept by /__pixmock/requests (default ${DEFAULT_LIMITS.journalEntries})`).env('PIXMOCK_MAX_JOURNAL_ENTRIES').argParser(parsePositiveInt))
    .addOption(new Option('--max-state-entries <n>', `entries per state store: tasks, files, conversations… (default ${DEFAULT_LIMITS.stateEntries})`).env('PIXMOCK_MAX_STATE_ENTRIES').argParser(parsePositiveInt))
    .addOption(new Option('--config <file>', 'JSON or YAML file with any of these options').env('PIXMOCK_CONFIG'))
    .addOption(new Option('--log-level <level>', 'log level on stderr').choices(['silent', 'error', 'warn', 'info', 'debug']).env('PIXMOCK_LOG_LEVEL').default('info'))
    .option('--json', 'print one JSON line when every port is listening')
    .action(async (flags: ServeFlags) => {
      const options = await resolveServeOptions(flags);
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

interface ServeFlags {
  host?: string;
  portAibabe?: number;
  portChatfire?: number;
  portDify?: number;
  latency?: string;
  timeScale?: number;
  seed?: number;
  mocks?: string;
  adminToken?: string;
  graceMs?: number;
  maxBodyBytes?: number;
  maxUploadBytes?: number;
  maxJournalEntries?: number;
  maxStateEntries?: number;
  config?: string;
  logLevel: string;
  json?: boolean;
}

export const DEFAULT_GRACE_MS = 5_000;
const DEFAULT_HOST = '127.0.0.1';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

export async function resolveServeOptions(flags: ServeFlags): Promise<MockServersOptions> {
  const file = flags.config ? await readConfigFile(flags.config) : {};
  const host = flags.host ?? file.host ?? DEFAULT_HOST;
  const adminToken = flags.adminToken ?? file.adminToken;
  if (!LOOPBACK.test(host) && !adminToken) {
    throw new Error(`Failed to start: --host ${host} exposes the admin API beyond this machine. Pass --admin-token <token> (or PIXMOCK_ADMIN_TOKEN) to protect it.`);
  }
  return {
    host,
    ports: {
      aibabe: flags.portAibabe ?? file.ports?.aibabe ?? DEFAULT_PORTS.aibabe,
      chatfire: flags.portChatfire ?? file.ports?.chatfire ?? DEFAULT_PORTS.chatfire,
      dify: flags.portDify ?? file.ports?.dify ?? DEFAULT_PORTS.dify,
    },
    latency: flags.latency ?? file.latency,
    timeScale: flags.timeScale ?? file.timeScale,
    seed: flags.seed ?? file.seed,
    mocksDir: flags.mocks ?? file.mocks,
    adminToken,
    graceMs: flags.graceMs ?? file.graceMs ?? DEFAULT_GRACE_MS,
    limits: definedOnly<ServerLimits>({
      bodyBytes: flags.maxBodyBytes ?? file.limits?.bodyBytes,
      uploadBytes: flags.maxUploadBytes ?? file.limits?.uploadBytes,
      journalEntries: flags.maxJournalEntries ?? file.limits?.journalEntries,
      stateEntries: flags.maxStateEntries ?? file.limits?.stateEntries,
    }),
    logger: pino({ level: flags.logLevel }, pino.destination(2)),
  };
}

/** Drops the keys left undefined, so the library's defaults fill them. */
function definedOnly<T extends object>(values: { [K in keyof T]?: T[K] | undefined }): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
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
