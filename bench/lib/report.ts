/** What each benchmark hands back, and how RESULTS.md is written from it. */
import type { MachineInfo } from './machine.js';

export interface Check {
  name: string;
  target: string;
  measured: string;
  /** undefined: not measured (the reason is in `measured`); 'info': recorded, no target. */
  pass: boolean | 'info' | undefined;
}

export interface Table {
  headers: string[];
  rows: string[][];
}

export interface BenchmarkReport {
  id: number;
  title: string;
  /** `not run` when a prerequisite is missing (e.g. an upstream not written yet); `failed` on an error. */
  status: 'ran' | 'not run' | 'failed';
  reason?: string;
  method: string[];
  tables: Table[];
  checks: Check[];
  notes: string[];
  wallSeconds: number;
}

export interface RunInfo {
  machine: MachineInfo;
  startedAt: Date;
  wallSeconds: number;
  pinning: string;
  mocksChanges: string[];
  commit: string;
  /** 1-minute load average at the start and the end of the run (other tenants of a shared machine). */
  loadAverage: { start: number; end: number };
}

export function formatResults(run: RunInfo, reports: BenchmarkReport[]): string {
  const { machine } = run;
  const lines = [
    '# pixmock benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts). One run, single sample per number unless a row says otherwise;',
    'the machine is shared and noisy, so compare the ratios measured side by side in this run, not absolute numbers across runs.',
    '',
    `- Date: ${run.startedAt.toISOString()} (whole run ${run.wallSeconds.toFixed(0)} s)`,
    `- Commit: ${run.commit}`,
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB; kernel ${machine.kernel}`,
    `- Node ${machine.node}; open files (ulimit -n) soft ${machine.openFiles.soft}, hard ${machine.openFiles.hard}`,
    `- Load average (1 min) at start / end: ${run.loadAverage.start.toFixed(2)} / ${run.loadAverage.end.toFixed(2)} on ${machine.cores} cores (anything well above 0 means other processes competed for the cores)`,
    `- Pinning: ${run.pinning}`,
    `- Behaviour data: a temporary copy of mocks/ with: ${run.mocksChanges.length > 0 ? run.mocksChanges.join('; ') : 'no changes'}`,
    '',
    '## Summary',
    '',
    '| # | Check | Target | Measured | Result |',
    '|---|---|---|---|---|',
  ];
  for (const report of reports) {
    if (report.status !== 'ran' && report.checks.length === 0) {
      lines.push(`| ${report.id} | ${report.title} | — | ${report.status}: ${escape(report.reason ?? '')} | not run |`);
      continue;
    }
    for (const check of report.checks) {
      lines.push(`| ${report.id} | ${escape(check.name)} | ${escape(check.target)} | ${escape(check.measured)} | ${verdict(check.pass)} |`);
    }
  }
  for (const report of reports) {
    lines.push('', `## ${report.id}. ${report.title}`, '');
    if (report.status !== 'ran') lines.push(`**${report.status}**: ${report.reason ?? ''}`, '');
    if (report.method.length > 0) lines.push(...report.method.map((line) => `- ${line}`), '');
    for (const table of report.tables) {
      lines.push(`| ${table.headers.join(' | ')} |`, `|${table.headers.map(() => '---').join('|')}|`);
      for (const row of table.rows) lines.push(`| ${row.map(escape).join(' | ')} |`);
      lines.push('');
    }
    if (report.notes.length > 0) lines.push(...report.notes.map((note) => `- ${note}`), '');
    lines.push(`(${report.wallSeconds.toFixed(1)} s)`);
  }
  return `${lines.join('\n')}\n`;
}

function verdict(pass: boolean | 'info' | undefined): string {
  if (pass === 'info') return 'recorded';
  if (pass === undefined) return 'not measured';
  return pass ? 'pass' : '**FAIL**';
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function round(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
