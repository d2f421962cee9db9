/**
 * Live progress on the terminal: a status line rewritten in place on a TTY (one line per 25 cases
 * otherwise), every failing case with its findings as it ends, and a summary with the seed that
 * replays the run.
 *
 * @example
 * await runContractSuite({ targets, reporters: [createConsoleReporter()] });
 */
import type { CaseResult, SuiteCase, SuiteEvent, SuiteReporter, SuiteResult } from '../types.js';

export interface ConsoleReporterOptions {
  write?: (text: string) => void;
  /** Rewrite one status line in place. Default: stdout is a TTY. */
  live?: boolean;
  /** Print every case, not only failures. */
  verbose?: boolean;
}

const NON_TTY_PROGRESS_EVERY = 25;
const SLOW_CASE_NOTICE_MS = 5000;

export function createConsoleReporter({ write = (text) => process.stdout.write(text), live = process.stdout.isTTY === true, verbose = false }: ConsoleReporterOptions = {}): SuiteReporter {
  let total = 0;
  let done = 0;
  let statusShown = false;
  const clearStatus = () => {
    if (live && statusShown) write('\r\x1b[K');
    statusShown = false;
  };
  const status = (text: string) => {
    if (!live) return;
    write(`\r\x1b[K${text.slice(0, (process.stdout.columns ?? 100) - 1)}`);
    statusShown = true;
  };

  return {
    onEvent(event: SuiteEvent) {
      switch (event.type) {
        case 'run-start': {
          total = event.cases.length;
          const generation = event.cases.filter((c) => c.cost === 'generation').length;
          write(`pixmock contract suite · seed ${event.seed} · ${total} cases (${total - generation} free, ${generation} generation)${event.dryRun ? ' · dry run' : ` · generation budget ${Number.isFinite(event.budget) ? event.budget : 'unlimited'}`}\n`);
          for (const target of event.targets) {
            write(`  ${target.upstream.padEnd(9)} ${target.live ? 'live' : 'mock'} via ${target.transport}${event.dryRun ? '' : ` · latency ${target.latencyProfile} · time scale ${target.timeScale}`}\n`);
          }
          if (event.dryRun) for (const c of event.cases) write(`  [${c.cost === 'free' ? 'free' : 'GEN '}] ${c.id}  ${c.title}\n`);
          break;
        }
        case 'case-start':
          status(`[${done + 1}/${total}] ${label(event.case)}`);
          break;
        case 'case-progress':
          if (live) status(`[${done + 1}/${total}] ${label(event.case)} · ${event.message} (${(event.elapsedMs / 1000).toFixed(1)} s)`);
          else if (event.elapsedMs > SLOW_CASE_NOTICE_MS) write(`  … ${label(event.case)}: ${event.message} (${(event.elapsedMs / 1000).toFixed(1)} s)\n`);
          break;
        case 'case-end': {
          done += 1;
          const { result } = event;
          if (result.status === 'failed' || verbose || result.findings.length > 0) {
            clearStatus();
            write(formatCase(result));
          } else if (!live && done % NON_TTY_PROGRESS_EVERY === 0) {
            write(`  ${done}/${total} cases\n`);
          }
          break;
        }
        case 'run-end':
          clearStatus();
          write(formatSummary(event.result));
          break;
      }
    },
  };
}

function label(suiteCase: SuiteCase): string {
  return `${suiteCase.upstream} ${suiteCase.operationId} · ${suiteCase.title}`;
}

function formatCase(result: CaseResult): string {
  const mark = result.status === 'passed' ? '✓' : result.status === 'skipped' ? '-' : '✗';
  const lines = [`${mark} ${result.case.id} · ${result.case.title} (${result.checksRun} checks, ${result.durationMs} ms)${result.skipReason ? ` — ${result.skipReason}` : ''}`];
  for (const finding of result.findings) {
    lines.push(`    ${finding.severity === 'warning' ? 'warning' : 'FAIL'} ${finding.check} · ${finding.operationId} · ${finding.pointer || '(root)'}`);
    lines.push(`      Received: ${finding.received}`);
    lines.push(`      Documented: ${finding.documented}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatSummary(result: SuiteResult): string {
  const lines = [''];
  for (const target of result.targets) {
    const cases = result.cases.filter((c) => c.case.upstream === target.upstream);
    const count = (status: string) => cases.filter((c) => c.status === status).length;
    const findings = cases.flatMap((c) => c.findings);
    lines.push(`  ${target.upstream.padEnd(9)} ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped · ${cases.reduce((n, c) => n + c.checksRun, 0)} checks · ${findings.filter((f) => f.severity === 'error').length} failures, ${findings.filter((f) => f.severity === 'warning').length} warnings`);
  }
  const notes = [...new Set(result.cases.flatMap((c) => c.notes))];
  for (const note of notes) lines.push(`  note: ${note}`);
  const skipped = [...new Set(result.cases.flatMap((c) => (c.skipReason && c.skipReason !== 'dry run' ? [c.skipReason] : [])))];
  for (const reason of skipped) lines.push(`  skipped: ${reason}`);
  const { summary } = result;
  lines.push(`${result.passed ? 'PASSED' : 'FAILED'} · ${summary.cases} cases · ${summary.checksRun} checks · ${summary.generationCalls} generation calls · ${(summary.durationMs / 1000).toFixed(1)} s · seed ${result.seed} (replay with --seed ${result.seed})`, '');
  return lines.join('\n');
}
