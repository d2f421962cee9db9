import { expect, it } from 'vitest';
import { CASE_CHECKS, EXCHANGE_CHECKS } from './checks/index.js';
import { FLOWS } from './flows/index.js';
import { loadLatencyBounds } from './latency-bounds.js';
import { loadPromises } from './promises.js';
import { sharedContracts } from './test-helpers/run-against-mock.js';

it('names only operations, statuses, catalogue errors and checks that exist, each rule with its source', async () => {
  const { contracts } = await sharedContracts();
  const promises = await loadPromises();
  const problems: string[] = [];
  const operation = (upstream: string, operationId: string, where: string) => {
    if (!contracts.upstream(upstream).operations.has(operationId)) problems.push(`${where}: no operation ${upstream}.${operationId}`);
  };
  const sourced = (rule: { source?: string }, where: string) => {
    if (!rule.source) problems.push(`${where}: no source`);
  };
  for (const section of ['completion', 'outputs', 'timestamps', 'agreement', 'echo'] as const) {
    for (const [upstream, rules] of Object.entries(promises[section] as Record<string, Record<string, { source: string; of?: string; polledBy?: string[] }>>)) {
      for (const [operationId, rule] of Object.entries(rules)) {
        operation(upstream, operationId, section);
        sourced(rule, `${section}.${upstream}.${operationId}`);
        if (rule.of) operation(upstream, rule.of, `agreement.${operationId}.of`);
        for (const poller of rule.polledBy ?? []) operation(upstream, poller, `completion.${operationId}.polledBy`);
      }
    }
  }
  for (const rule of promises.headers.rules) {
    operation(rule.upstream, rule.operationId, `headers ${rule.header}`);
    sourced(rule, `headers ${rule.operationId} ${rule.header}`);
    if (!contracts.operation(rule.upstream, rule.operationId).responses[String(rule.status)]) problems.push(`headers ${rule.operationId}: status ${rule.status} undocumented`);
  }
  const checks = { ...EXCHANGE_CHECKS, ...CASE_CHECKS };
  for (const [name, probe] of Object.entries(promises.state.probes)) {
    sourced(probe, `probe ${name}`);
    if (!(probe.check in checks)) problems.push(`probe ${name}: no check ${probe.check}`);
    for (const id of probe.errorIds ?? []) if (!contracts.upstream(probe.upstream).errors.has(id)) problems.push(`probe ${name}: no ${probe.upstream} error ${id}`);
    if (!probe.expect && !probe.errorIds?.length) problems.push(`probe ${name}: neither accepted nor an error expected`);
  }

  expect(problems).toEqual([]);
});

it('sends every probe the flows name, and every flow probe is described', async () => {
  const promises = await loadPromises();
  const flowProbes = Object.values(FLOWS).flatMap((flow) => (flow.stateCases ?? []).map((spec) => spec.probe));

  expect(flowProbes.filter((probe) => !(probe in promises.state.probes))).toEqual([]);
});

it('gives every streamed or polled operation a budget with its source', async () => {
  const bounds = await loadLatencyBounds();
  const promises = await loadPromises();

  expect(bounds.dify?.runWorkflow?.stream?.source).toBeTruthy();
  for (const [upstream, rules] of Object.entries(promises.completion)) {
    for (const [operationId, rule] of Object.entries(rules)) {
      if (rule.judge === 'last') expect(bounds[upstream]?.[operationId]?.completion?.source, `${upstream}.${operationId}`).toBeTruthy();
    }
  }
});
