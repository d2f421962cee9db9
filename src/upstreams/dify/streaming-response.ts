/**
 * `response_mode: streaming`: every event of the run goes out as it happens over
 * {@link openEventStream}; the stream ends after `workflow_finished` or `error`. A client that
 * disconnects stops the run (it ends `stopped`).
 */
import type { Response } from 'express';
import type { OperationCall, UpstreamContext } from '../../server/upstream-context.js';
import { difyMocks } from './dify-mocks.js';
import { openEventStream } from './event-stream.js';
import type { WorkflowRun } from './workflow-run.js';

export async function respondStreaming(ctx: UpstreamContext, res: Response, call: OperationCall, run: WorkflowRun): Promise<void> {
  const stream = openEventStream(res, ctx.sim, difyMocks(ctx).stream);
  run.subscribe((event) => stream.send(event));
  const stopOnDisconnect = () => run.stop();
  call.signal.addEventListener('abort', stopOnDisconnect, { once: true });
  // A client that left before the stream opened never fires 'abort' again: the run starts stopped.
  if (call.signal.aborted) stopOnDisconnect();
  run.start();
  await run.finished;
  call.signal.removeEventListener('abort', stopOnDisconnect);
  stream.end();
}
