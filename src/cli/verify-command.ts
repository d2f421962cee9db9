/**
 * `pixmock verify`: run the contract suite against pixmock started in-process (`--target mock`,
 * compressed time) or against the real upstreams named by environment variables (`--target
 * live`). Exit 0 when every case passed, 1 on contract failures, 2 on usage or configuration errors.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CaseCost, SuiteReporter, SuiteTarget, UpstreamName } from '../index.js';
import { parseNonNegativeInt, parseReports, type ReportPaths } from './parse-options.js';

const COSTS: readonly CaseCost[] = ['free', 'generation'];
/** Mock mode: the fast profile and a compressed clock, so the slowest generations take milliseconds. */
const MOCK_LATENCY = 'fast';
const MOCK_TIME_SCALE = 100;
const EXIT_USAGE = 2;

interface VerifyFlags {
  /** Default: every upstream the suite has a flow for. */
  upstream?: UpstreamName[];
  target: 'mock' | 'live';
  tags: CaseCost[];
  budget?: number;
  report: ReportPaths;
  seed?: string;
  dryRun?: boolean;
  verbose?: boolean;
}

export function createVerifyCommand(): Command {
  return new Command('verify')
    .description('Run the contract suite against pixmock (--target mock) or the real upstreams (--target live).')
    .addOption(new Option('--upstream <ids>', 'comma-separated upstreams (default: every upstream the suite has a flow for)').argParser(parseUpstreams))
    .addOption(new Option('--target <target>', 'mock: pixmock in-process with compressed time; live: URLs and keys from the environment').choices(['mock', 'live']).default('mock'))
    .addOption(new Option('--tags <costs>', 'run only cases of these costs (free, generation)').default([...COSTS], 'free,generation').argParser(parseList(COSTS, 'tag')))
    .addOption(new Option('--budget <n>', 'most generation calls (default 0 for live, unlimited for mock)').argParser(parseNonNegativeInt))
    .addOption(new Option('--report <reports>', 'write reports: junit=<path>,json=<path>').default({}).argParser(parseReports))
    .addOption(new Option('--seed <n>', 'seed for generated cases (and the mock); replays a run; the range of pixmock serve --seed'))
    .option('--dry-run', 'list the cases and their cost; send nothing')
    .option('--verbose', 'print every case, not only failures')
    .addHelpText('after', '\nLive variables: AIBABE_BASE_URL AIBABE_API_KEY AIBABE_API_SECRET AIBABE_USER_ID AIBABE_AGENT_ID\n                CHATFIRE_BASE_URL CHATFIRE_API_KEY DIFY_BASE_URL DIFY_API_KEY\nExit codes: 0 all passed, 1 contract failures, 2 usage or configuration errors.')
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    })
    .action(async (flags: VerifyFlags) => {
      process.exitCode = await verify(flags);
    });
}

async function verify(flags: VerifyFlags): Promise<number> {
  // Loaded here: every other command starts without the contract suite.
  const {
    checkServeOption, createConsoleReporter, createImageRenderer, createJsonReporter, createJunitReporter, createMockServer, FLOWS, liveTargetsFromEnv, loadContracts, runContractSuite,
  } = await import('../index.js');
  const known = Object.keys(FLOWS);
  const upstreams = flags.upstream ?? known;
  const unknown = upstreams.filter((upstream) => !known.includes(upstream));
  if (unknown.length > 0) {
    process.stderr.write(`pixmock verify: Unknown upstream ${unknown.join(', ')}; expected a comma-separated list of ${known.join(', ')}.\n`);
    return EXIT_USAGE;
  }
  // The same option, and so the same range, as pixmock serve --seed.
  const seed = flags.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(await checkServeOption('/seed', flags.seed, '--seed'));
  let targets: SuiteTarget[];
  const contracts = await loadContracts();
  if (flags.target === 'live') {
    const { targets: live, missing } = liveTargetsFromEnv(upstreams, process.env);
    if (missing.length > 0) {
      process.stderr.write(`pixmock verify: Failed to configure the live targets: set ${missing.join(', ')} (or choose upstreams with --upstream).\n`);
      return EXIT_USAGE;
    }
    targets = live;
  } else {
    const renderer = createImageRenderer();
    targets = await Promise.all(upstreams.map(async (upstream): Promise<SuiteTarget> => {
      const server = await createMockServer(upstream, { latency: MOCK_LATENCY, timeScale: MOCK_TIME_SCALE, seed, contracts, renderer });
      return { upstream, app: server.app, credentials: server.demo, live: false };
    }));
  }
  const reporters: SuiteReporter[] = [createConsoleReporter({ verbose: flags.verbose })];
  if (flags.report.junit) reporters.push(createJunitReporter({ path: flags.report.junit }));
  if (flags.report.json) reporters.push(createJsonReporter({ path: flags.report.json }));
  const result = await runContractSuite({ contracts, targets, tags: flags.tags, budget: flags.budget, seed, dryRun: flags.dryRun, reporters });
  return result.passed ? 0 : 1;
}

function parseList<T extends string>(allowed: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item as T));
    if (items.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`Unknown ${what} ${unknown.join(', ') || '(none)'}; expected a comma-separated list of ${allowed.join(', ')}.`);
    return [...new Set(items)] as T[];
  };
}

function parseUpstreams(value: string): UpstreamName[] {
  const items = [...new Set(value.split(',').map((item) => item.trim()).filter(Boolean))];
  if (items.length === 0) throw new InvalidArgumentError('Expected a comma-separated list of upstreams.');
  return items;
}
