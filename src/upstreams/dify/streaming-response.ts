/**
 * `response_mode: streaming`: every event of the run goes out as it happens over
 * {@link openEventStream}; the stream ends after `workflow_finished` or `error`. A client that
 * disconnects stops the run (it ends `stopped`).
 */
import { eventStream, NO_REPLY, type Call, type Reply, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';
import { eventStreamHeaders, openEventStream } from './event-stream.js';
import type { WorkflowRun } from './workflow-run-record.js';

export function respondStreaming(ctx: UpstreamContext, state: DifyState, call: Call<DifyPrincipal>, run: WorkflowRun): Reply {
  // A client that left before the stream opened gets no stream to stop the run through: the run
  // starts stopped, so its record still ends.
  if (call.clientGone()) {
    run.stop();
    run.start();
    return NO_REPLY;
  }
  return eventStream(eventStreamHeaders(state.mocks.stream.contentType), async function streamRun(stream) {
    const events = openEventStream(stream, ctx.sim, state.mocks.stream);
    run.subscribe((event) => events.send(event));
    const stopOnDisconnect = () => run.stop();
    stream.signal.addEventListener('abort', stopOnDisconnect, { once: true });
    if (stream.signal.aborted) stopOnDisconnect();
    run.start();
    await run.finished;
    stream.signal.removeEventListener('abort', stopOnDisconnect);
    events.end();
  });
}
