/**
 * `pixmock proxy`: stand in front of a real upstream, pass its traffic through unchanged, judge
 * each exchange with the contract suite's checks, print violations as they happen, and write the
 * JSON and JUnit reports when stopped (SIGINT/SIGTERM). Exit 0 when nothing broke the contract,
 * 1 when something did, 2 on usage errors. See docs/proxy.md.
 */
import { Command, Option } from 'commander';
import { UPSTREAM_IDS } from '../app/create-mock-servers.js';
import type { ProxyJournalEntry } from '../index.js';
import { parseNonNegativeInt, parseReports, type ReportPaths } from './parse-options.js';

const EXIT_USAGE = 2;

export interface ProxyFlags {
  upstream: string;
  target: string;
  port: number;
  host: string;
  report: ReportPaths;
  record?: string;
}

export interface RunningProxy {
  url: string;
  /** Stops listening, waits for the exchanges in flight to be judged, writes the reports; resolves to the exit code. */
  stop(): Promise<number>;
}

export function createProxyCommand(): Command {
  return new Command('proxy')
    .description('Forward traffic to a real upstream unchanged and judge every exchange against its contract.')
    .addOption(new Option('--upstream <id>', 'the upstream whose contract judges the traffic').choices([...UPSTREAM_IDS]).makeOptionMandatory())
    .addOption(new Option('--target <base-url>', "the real upstream's base URL, e.g. https://api.dify.ai").makeOptionMandatory())
    .addOption(new Option('--port <n>', 'port to listen on (0 = any free port)').default(0).argParser(parseNonNegativeInt))
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--report <reports>', 'write reports when stopped: junit=<path>,json=<path>').default({}).argParser(parseReports))
    .addOption(new Option('--record <dir>', 'write each exchange, redacted, to <dir>/<upstream>/<operationId>/ (see docs/proxy.md)'))
    .addHelpText('after', '\nViolations are printed on stderr as they happen and listed at GET /__pixmock/requests on the proxy.\nExit codes: 0 no violation, 1 violations, 2 usage errors.')
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    })
    .action(async (flags: ProxyFlags) => {
      const running = await startProxy(flags, (line) => process.stderr.write(line));
      process.stdout.write(`pixmock proxy: ${flags.upstream} at ${flags.target}, listening on ${running.url}\n`);
      let stopping = false;
      // A second signal while the reports are written stops at once (exit 1: the reports may be missing).
      const stop = async () => {
        if (stopping) process.exit(1);
        stopping = true;
        process.exit(await running.stop());
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}

/** Starts the proxy the flags describe; `log` receives each violation line as it is found. */
export async function startProxy(flags: ProxyFlags, log: (line: string) => void): Promise<RunningProxy> {
  // Loaded here: every other command starts without the proxy and the contract suite.
  const { createJsonReporter, createJunitReporter, createValidatingProxy } = await import('../index.js');
  const proxy = await createValidatingProxy({
    upstream: flags.upstream,
    target: flags.target,
    onExchange: (entry) => log(formatViolations(entry)),
    record: flags.record,
    onRecordError: (error, entry) => log(`${exchangeLabel(entry)}: not recorded: ${error.message}\n`),
  });
  const { url, close } = await proxy.listen({ port: flags.port, host: flags.host });
  return {
    url,
    async stop() {
      await close();
      await proxy.settled();
      const result = proxy.result();
      const reporters = [
        ...(flags.report.junit ? [createJunitReporter({ path: flags.report.junit })] : []),
        ...(flags.report.json ? [createJsonReporter({ path: flags.report.json })] : []),
      ];
      for (const reporter of reporters) {
        reporter.onEvent({ type: 'run-end', result });
        await reporter.close?.();
      }
      log(`pixmock proxy: ${result.summary.cases} exchanges, ${result.summary.failed} with violations (${result.summary.errors} errors, ${result.summary.warnings} warnings).\n`);
      return result.passed ? 0 : 1;
    },
  };
}

/** One line per violation, already redacted by the proxy: `runWorkflow POST /v1/workflows/run → 201: status_code_conformance at status: Received: … / Documented: …`. */
function formatViolations(entry: ProxyJournalEntry): string {
  return entry.violations.map((v) => `${exchangeLabel(entry)}: ${v.check} at ${v.pointer || '(root)'}: ${v.message}\n`).join('');
}

function exchangeLabel(entry: ProxyJournalEntry): string {
  return `${entry.operationId ?? '(undocumented)'} ${entry.method} ${entry.path} → ${entry.status ?? entry.state}`;
}
