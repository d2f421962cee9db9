import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createMockServer } from '../app/create-mock-servers.js';
import { createManualClock } from '../sim/index.js';

it('journals a stream answered through fetch(request) when it ends, with its events, as the node adapter does', async () => {
  const clock = createManualClock();
  const dify = await createMockServer('dify', { clock, latency: 'realistic', seed: 4 });
  const unsubscribe = dify.context.journal.subscribe(() => undefined);
  try {
    const res = await dify.fetch(
      new Request('http://127.0.0.1/v1/workflows/run', {
        method: 'POST',
        headers: { Authorization: `Bearer ${dify.demo.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ inputs: { prompt: 'a paper boat' }, response_mode: 'streaming', user: 'fetch-test' }),
      }),
    );
    // The run waits on the manual clock: the stream is open, so nothing is journalled yet.
    expect(dify.context.journal.size).toBe(0);
    let done = false;
    const text = res.text().finally(() => (done = true));
    while (!done) {
      await clock.advance(1_000);
      await nextTurn();
    }
    expect(await text).toContain('workflow_finished');
    const [entry] = dify.context.journal.list();
    expect(entry?.operationId).toBe('runWorkflow');
    expect(entry?.response?.events?.map((event) => event.event)).toEqual(expect.arrayContaining(['workflow_started', 'workflow_finished']));
  } finally {
    unsubscribe();
  }
});
