/**
 * JUnit XML (one <testsuite> per upstream, one <testcase> per case, one <failure> per failing
 * case listing its findings) written when the run ends, for CI dashboards.
 *
 * @example
 * const junit = createJunitReporter({ path: 'reports/contract.xml' });
 */
import type { CaseResult, SuiteReporter, SuiteResult } from '../types.js';
import { createFileReporter } from './file-reporter.js';

export interface JunitReporterOptions {
  path: string;
}

export function createJunitReporter({ path: file }: JunitReporterOptions): SuiteReporter {
  return createFileReporter(file, toJunitXml);
}

export function toJunitXml(result: SuiteResult): string {
  const suites = result.targets.map((target) => {
    const cases = result.cases.filter((c) => c.case.upstream === target.upstream);
    const failures = cases.filter((c) => c.status === 'failed').length;
    const skipped = cases.filter((c) => c.status === 'skipped').length;
    const time = cases.reduce((t, c) => t + c.durationMs, 0) / 1000;
    return [
      `  <testsuite name="${attr(target.upstream)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`,
      '    <properties>',
      `      <property name="seed" value="${result.seed}"/>`,
      `      <property name="target" value="${attr(`${target.live ? 'live' : 'mock'} ${target.transport}`)}"/>`,
      `      <property name="latencyProfile" value="${attr(target.latencyProfile)}"/>`,
      `      <property name="timeScale" value="${target.timeScale}"/>`,
      '    </properties>',
      ...cases.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const { summary } = result;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pixmock contract suite" tests="${summary.cases}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${(summary.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(result: CaseResult): string {
  const open = `    <testcase classname="${attr(`${result.case.upstream}.${result.case.operationId}`)}" name="${attr(`${result.case.id} · ${result.case.title} [${result.case.cost}]`)}" time="${(result.durationMs / 1000).toFixed(3)}">`;
  const body: string[] = [];
  if (result.status === 'skipped') body.push(`      <skipped message="${attr(result.skipReason ?? 'skipped')}"/>`);
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    body.push(`      <failure message="${attr(`${first?.check} at ${first?.pointer || '(root)'}: ${first?.message}`)}" type="${attr(first?.check ?? 'check')}">${text(errors.map((f) => `${f.check} · ${f.operationId} · ${f.pointer || '(root)'}\n  Received: ${f.received}\n  Documented: ${f.documented}`).join('\n'))}</failure>`);
  }
  const other = [...result.findings.filter((f) => f.severity === 'warning').map((f) => `warning ${f.check} · ${f.pointer}: ${f.message}`), ...result.notes];
  if (other.length > 0) body.push(`      <system-out>${text(other.join('\n'))}</system-out>`);
  return body.length === 0 ? `${open.slice(0, -1)}/>` : [open, ...body, '    </testcase>'].join('\n');
}

// Characters XML 1.0 forbids even when escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML_CHARS, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function attr(value: string): string {
  return text(value).replaceAll('"', '&quot;').replaceAll('\n', '&#10;');
}
