/**
 * Validates a Dify workflow event stream as it arrives: every `data:` block is JSON matching the
 * contract's event schema; the first event is `workflow_started`; node events pair up; ids stay
 * consistent; nothing follows `workflow_finished` (or `error`), which must be last; bare
 * `event: ping` blocks are allowed anywhere. Budgets on event count, idle time and total time
 * abort a hung stream so it fails instead of hanging the suite.
 *
 * @example
 * const validator = createWorkflowStreamValidator({ contracts, eventSchemaId, budgets, abort: () => controller.abort() });
 * transport.send(request, { onChunk: validator.feed, signal: controller.signal });
 * validator.finish(); validator.trace.violations;
 */
import { createParser } from 'eventsource-parser';
import type { SseTrace, StreamValidator, StreamValidatorOptions } from '../stream-validator.js';

const TERMINAL_EVENTS = new Set(['workflow_finished', 'error']);

export function createWorkflowStreamValidator({ contracts, eventSchemaId, budgets, abort }: StreamValidatorOptions): StreamValidator {
  const started = performance.now();
  const trace: SseTrace = { events: [], pings: 0, violations: [], finished: false, budgets };
  const openNodes = new Map<string, string>();
  let ids: { task_id?: unknown; workflow_run_id?: unknown } | undefined;
  let ended = false;
  let lineRemainder = '';
  const decoder = new TextDecoder();

  const elapsed = () => Math.round(performance.now() - started);
  const violation = (pointer: string, received: unknown, documented: unknown) => trace.violations.push({ pointer, received, documented, atMs: elapsed() });
  const exceed = (budget: NonNullable<SseTrace['budgetExceeded']>, received: unknown) => {
    if (trace.budgetExceeded || trace.finished) return;
    trace.budgetExceeded = budget;
    violation(`budget/${budget}`, received, `at most ${budgets[budget]}${budget === 'maxEvents' ? ' events' : ' ms'}`);
    stopTimers();
    abort();
  };

  let idleTimer = setTimeout(() => exceed('idleMs', `no byte for ${budgets.idleMs} ms`), budgets.idleMs);
  const totalTimer = setTimeout(() => exceed('totalMs', `stream still open after ${budgets.totalMs} ms`), budgets.totalMs);
  const stopTimers = () => {
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
  };

  const onEvent = (raw: string) => {
    const index = trace.events.length;
    const at = `event[${index}]`;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      violation(`${at}/data`, raw.slice(0, 80), 'one JSON object per data: block');
      trace.events.push({ event: '(not JSON)', data: raw, atMs: elapsed() });
      return;
    }
    const record = data as Record<string, unknown>;
    const name = typeof record.event === 'string' ? record.event : '(no event field)';
    trace.events.push({ event: name, data, atMs: elapsed() });
    if (trace.events.length + trace.pings > budgets.maxEvents) exceed('maxEvents', `${trace.events.length + trace.pings} events`);

    if (eventSchemaId) {
      const result = contracts.validate(eventSchemaId, data);
      for (const diagnostic of result.diagnostics) violation(`${at}${diagnostic.pointer}`, diagnostic.received ?? diagnostic.message, diagnostic.expected ?? diagnostic.message);
    }
    if (ended) violation(`${at}/event`, name, 'no event after workflow_finished (or error)');
    if (index === 0 && name !== 'workflow_started' && name !== 'error') violation(`${at}/event`, name, 'workflow_started first');
    if (TERMINAL_EVENTS.has(name)) ended = true;

    if (ids === undefined) ids = { task_id: record.task_id, workflow_run_id: record.workflow_run_id };
    for (const key of ['task_id', 'workflow_run_id'] as const) {
      if (key in record && record[key] !== ids[key]) violation(`${at}/${key}`, record[key], `${String(ids[key])} (as in event[0])`);
    }
    const payload = (record.data ?? {}) as Record<string, unknown>;
    if (name === 'workflow_started' && payload.id !== record.workflow_run_id) violation(`${at}/data/id`, payload.id, `workflow_run_id ${String(record.workflow_run_id)}`);
    if (name === 'workflow_finished' && payload.id !== ids.workflow_run_id) violation(`${at}/data/id`, payload.id, `workflow_run_id ${String(ids.workflow_run_id)}`);
    if (name === 'node_started') {
      const executionId = String(payload.id);
      if (openNodes.has(executionId)) violation(`${at}/data/id`, executionId, 'a node execution id started once');
      openNodes.set(executionId, String(payload.node_id));
    }
    if (name === 'node_finished') {
      const executionId = String(payload.id);
      const nodeId = openNodes.get(executionId);
      if (nodeId === undefined) violation(`${at}/data/id`, executionId, 'node_finished after its node_started (same data.id)');
      else if (nodeId !== String(payload.node_id)) violation(`${at}/data/node_id`, payload.node_id, `${nodeId} (node_id of its node_started)`);
      openNodes.delete(executionId);
    }
    if (name === 'workflow_finished' && openNodes.size > 0) violation(`${at}/event`, `workflow_finished with ${openNodes.size} node(s) still running`, 'every node_started finished before workflow_finished');
  };

  const parser = createParser({
    onEvent: (event) => {
      if (event.event === 'ping') return;
      onEvent(event.data);
    },
  });

  return {
    trace,
    feed(chunk: Buffer) {
      if (trace.finished) return;
      clearTimeout(idleTimer);
      if (!trace.budgetExceeded) idleTimer = setTimeout(() => exceed('idleMs', `no byte for ${budgets.idleMs} ms`), budgets.idleMs);
      const text = decoder.decode(chunk, { stream: true });
      const lines = (lineRemainder + text).split(/\r\n|\r|\n/);
      lineRemainder = lines.pop() ?? '';
      for (const line of lines) if (/^event: ?ping$/.test(line)) trace.pings += 1;
      parser.feed(text);
    },
    finish() {
      if (trace.finished) return trace;
      stopTimers();
      trace.finished = true;
      if (trace.budgetExceeded) return trace;
      const last = trace.events.at(-1);
      if (!last) violation('stream', 'no data event', 'workflow_started … workflow_finished');
      else if (!TERMINAL_EVENTS.has(last.event)) violation(`event[${trace.events.length - 1}]/event`, last.event, 'workflow_finished (or error) as the last event');
      return trace;
    },
  };
}
