import { XMLValidator } from 'fast-xml-parser';
import { expect, it } from 'vitest';
import { runAgainstMock } from '../test-helpers/run-against-mock.js';
import type { SuiteEvent } from '../types.js';
import { createConsoleReporter } from './console-reporter.js';
import { toJsonReport } from './json-reporter.js';
import { toJunitXml } from './junit-reporter.js';

it('writes well-formed JUnit XML, a JSON report and console output without any secret, from a real run', async () => {
  const lines: string[] = [];
  const events: SuiteEvent['type'][] = [];
  const result = await runAgainstMock('aibabe', {
    filter: (c) => c.operationId === 'configOptions',
    reporters: [createConsoleReporter({ write: (text) => lines.push(text), live: false, verbose: true }), { onEvent: (event) => events.push(event.type) }],
  });
  const xml = toJunitXml(result);
  const json = JSON.stringify(toJsonReport(result));
  const console = lines.join('');

  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).toContain(`<testsuite name="aibabe" tests="${result.summary.cases}"`);
  expect(events[0]).toBe('run-start');
  expect(events.at(-1)).toBe('run-end');
  expect(console).toContain(`seed ${result.seed}`);
  for (const output of [xml, json, console]) {
    expect(output).not.toContain('sk_demo_aibabe');
    expect(output).not.toContain('pk_demo_aibabe');
  }
});

it('names the failing check, pointer and Received/Documented in JUnit failures', () => {
  const finding = { check: 'response_schema_conformance', caseId: 'c', operationId: 'getTask', severity: 'error' as const, pointer: '/task_id', received: '(absent) <&>', documented: '"is required"', message: 'Received: (absent) <&> / Documented: "is required"' };
  const suiteCase = { id: 'c', upstream: 'chatfire' as const, operationId: 'getTask', kind: 'positive' as const, source: 'example' as const, cost: 'free' as const, title: 't', auth: { kind: 'valid' as const }, expect: { kind: 'accepted' as const } };
  const xml = toJunitXml({
    seed: 1, passed: false,
    targets: [{ upstream: 'chatfire', transport: 'x', live: false, timeScale: 1, latencyProfile: 'fast' }],
    cases: [{ case: suiteCase, status: 'failed', exchanges: [], findings: [finding], checksRun: 1, notes: [], durationMs: 5 }],
    summary: { cases: 1, passed: 0, failed: 1, skipped: 0, checksRun: 1, errors: 1, warnings: 0, generationCalls: 0, durationMs: 5 },
  });

  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).toContain('<failure message="response_schema_conformance at /task_id: Received: (absent) &lt;&amp;&gt; / Documented: &quot;is required&quot;"');
});
