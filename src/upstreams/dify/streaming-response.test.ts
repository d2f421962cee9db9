import { afterEach, describe, expect, it } from 'vitest';
import { listen, type ListeningServer } from '../../server/listen.js';
import { createDifyTestServer, drive, expectContract, expectEvent, readEventStream, realDelay, type DifyTestServer } from './test-helpers/dify-test-server.js';

const STREAM_REQUEST = { inputs: { prompt: 'a lighthouse at dusk', model_name: 'dosmix_' }, response_mode: 'streaming', user: 'stream-user' };
const open: ListeningServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((handle) => handle.close(0)));
});

async function serve(server: DifyTestServer): Promise<string> {
  const handle = await listen(server.app);
  open.push(handle);
  return handle.url;
}

function post(server: DifyTestServer, body: unknown, prefer?: string, signal?: AbortSignal): RequestInit {
  return {
    method: 'POST',
    headers: { ...server.auth, 'Content-Type': 'application/json', ...(prefer ? { Prefer: prefer } : {}) },
    body: JSON.stringify(body),
    signal,
  };
}

describe('runWorkflow streaming', () => {
  it('streams workflow_started, node_started and node_finished per node, workflow_finished, and a ping every 10 simulated seconds', async () => {
    const server = await createDifyTestServer({ latency: 'realistic' });
    const url = await serve(server);
    const stream = await readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST), { clock: server.clock, stepMs: 500 });

    expect(stream.status).toBe(200);
    expect(stream.contentType).toBe(server.state.mocks.stream.contentType);
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('content-encoding')).toBeNull();
    expectContract(server.context, 'runWorkflow', { status: stream.status, contentType: stream.contentType ?? undefined, body: stream.raw });
    // Dify's framing: only `data: {json}` blocks and bare `event: ping` blocks.
    for (const block of stream.raw.split('\n\n').slice(0, -1)) expect(block).toMatch(/^(data: \{.*\}|event: ping)$/);
    for (const event of stream.events) expectEvent(server.context, event);

    const nodes = server.state.mocks.graph.nodes;
    expect(stream.events.map((event) => event.event)).toEqual([
      'workflow_started',
      ...nodes.flatMap(() => ['node_started', 'node_finished']),
      'workflow_finished',
    ]);
    expect(stream.events.slice(1, -1).filter((_, i) => i % 2 === 0).map((event) => (event.data as { node_id: string }).node_id)).toEqual(nodes.map((node) => node.id));
    const finished = stream.events.at(-1)?.data as { status: string; elapsed_time: number; outputs: { files: { url: string }[] }; total_steps: number };
    expect(finished.status).toBe('succeeded');
    expect(finished.total_steps).toBe(nodes.length);
    expect(finished.outputs.files).toHaveLength(1);
    const pingEvery = server.state.mocks.stream.pingIntervalMs / 1000;
    expect(stream.pings).toBe(Math.floor(finished.elapsed_time / pingEvery));
    expect(new Set(stream.events.map((event) => event.task_id)).size).toBe(1);
  });

  it('flushes each event when it happens rather than at the end of the run', async () => {
    const server = await createDifyTestServer({ latency: 'realistic' });
    const url = await serve(server);
    const response = await fetch(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST));
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The clock has not moved: the start-of-run events must already be on the wire.
    while (!text.includes('"node_started"')) text += decoder.decode((await reader?.read())?.value, { stream: true });
    expect(text.startsWith('data: {"event":"workflow_started"')).toBe(true);
    expect(text).not.toContain('workflow_finished');
    await server.clock.advance(server.state.mocks.stream.pingIntervalMs);
    while (!text.includes('event: ping')) text += decoder.decode((await reader?.read())?.value, { stream: true });
    expect(text).not.toContain('workflow_finished');
    await reader?.cancel();
  });

  it('ends the stream with workflow_finished status stopped when the task is stopped', async () => {
    const server = await createDifyTestServer({ latency: 'realistic' });
    const url = await serve(server);
    const toolNodeId = server.state.mocks.graph.imageNodeId;
    let stopResponse: Promise<Response> | undefined;
    const stream = await readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST), {
      clock: server.clock,
      onEvent(event) {
        if (event.event === 'node_started' && (event.data as { node_id: string }).node_id === toolNodeId) {
          stopResponse = fetch(`${url}/v1/workflows/tasks/${String(event.task_id)}/stop`, {
            method: 'POST',
            headers: { ...server.auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ user: STREAM_REQUEST.user }),
          });
        }
      },
    });
    const stop = await stopResponse;
    const stopBody = await stop?.json();
    expectContract(server.context, 'stopWorkflowTask', { status: stop?.status ?? 0, contentType: stop?.headers.get('content-type') ?? undefined, body: stopBody });
    expect(stopBody).toEqual({ result: 'success' });
    for (const event of stream.events) expectEvent(server.context, event);
    const last = stream.events.at(-1);
    expect(last?.event).toBe('workflow_finished');
    expect(last?.data).toMatchObject({ status: 'stopped', error: server.state.mocks.graph.failures.stopped.error, outputs: null });
    expect(stream.events.filter((event) => event.event === 'node_finished')).toHaveLength(3);
  });

  it('stops the run when the client disconnects', async () => {
    const server = await createDifyTestServer({ latency: 'realistic' });
    const url = await serve(server);
    const abort = new AbortController();
    let runId = '';
    const reading = readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST, undefined, abort.signal), {
      clock: server.clock,
      onEvent(event) {
        runId = String(event.workflow_run_id);
        if (event.event === 'node_finished') abort.abort();
      },
    });
    await expect(reading).rejects.toThrow();
    const record = await drive(server.clock, (async () => {
      for (;;) {
        const found = await server.state.runs.get(runId);
        if (found && found.status !== 'running') return found;
        await realDelay(5);
      }
    })());
    expect(record.status).toBe('stopped');
    expect(await server.state.active.count()).toBe(0);
  });

  it('ends with a flat error event when the run dies mid-stream', async () => {
    const server = await createDifyTestServer({ latency: 'fast' });
    const url = await serve(server);
    const stream = await readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST, 'scenario=stream_internal_error'), { clock: server.clock, stepMs: 100 });
    for (const event of stream.events) expectEvent(server.context, event);
    const last = stream.events.at(-1);
    const body = server.context.contract.errors.render('stream_internal_error').body as Record<string, unknown>;
    expect(last).toEqual({ event: 'error', workflow_run_id: stream.events[0]?.workflow_run_id, ...body });
    expect(stream.events.some((event) => event.event === 'workflow_finished')).toBe(false);
    expect((await server.state.runs.get(String(last?.workflow_run_id)))?.status).toBe('failed');
  });

  it('reports a failed node and a failed run under scenario node_failed', async () => {
    const server = await createDifyTestServer({ latency: 'fast' });
    const url = await serve(server);
    const stream = await readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST, 'scenario=node_failed'), { clock: server.clock, stepMs: 100 });
    for (const event of stream.events) expectEvent(server.context, event);
    const { error } = server.state.mocks.graph.failures.nodeFailed;
    const failedNode = stream.events.find((event) => event.event === 'node_finished' && (event.data as { status: string }).status === 'failed');
    expect(failedNode?.data).toMatchObject({ error });
    expect(stream.events.at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'failed', error, outputs: null } });
  });

  it('keeps a run longer than the Cloudflare limit alive with pings and never cuts the stream', async () => {
    const server = await createDifyTestServer({ latency: 'realistic' });
    const url = await serve(server);
    const stream = await readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST, 'scenario=long_run'), { clock: server.clock, stepMs: 2_000 });
    expect(stream.status).toBe(200);
    for (const event of stream.events) expectEvent(server.context, event);
    const finished = stream.events.at(-1)?.data as { status: string; elapsed_time: number };
    expect(finished.status).toBe('succeeded');
    expect(finished.elapsed_time).toBeGreaterThan(server.state.mocks.cloudflare.cutAfterMs / 1000);
    expect(stream.pings).toBe(Math.floor(finished.elapsed_time / 10));
  });

  it('uses the dify_model_identity shape in node and workflow events under scenario file_shape_dify_model_identity', async () => {
    const server = await createDifyTestServer({ latency: 'instant' });
    const url = await serve(server);
    const stream = await readEventStream(`${url}/v1/workflows/run`, post(server, STREAM_REQUEST, 'scenario=file_shape_dify_model_identity'));
    for (const event of stream.events) expectEvent(server.context, event);
    const files = stream.events.flatMap((event) => ((event.data as { files?: Record<string, unknown>[] } | undefined)?.files ?? []));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.dify_model_identity).toBe('__dify__file__');
  });
});
