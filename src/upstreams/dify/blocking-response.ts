/**
 * `response_mode: blocking`: one JSON body once the run has ended (HTTP 200 whether it
 * succeeded, failed or was stopped). A run killed by an unexpected error answers the scenario's
 * blocking error instead (Dify's controller turns it into 500 internal_server_error). The edge is
 * told how long the run is planned to take, so only a run planned past its cut is cut. If the
 * Cloudflare edge answered 524 first, or the client left, the shell drops this answer: the run
 * simply finishes and stays readable through GET /v1/workflows/run/{id}.
 */
import { json, type Call, type Reply, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import { serializeOutputs, workflowSummary, type WorkflowRun } from './workflow-run-record.js';

export async function respondBlocking(ctx: UpstreamContext, call: Call<DifyPrincipal>, run: WorkflowRun, blockingErrorId: string): Promise<Reply> {
  call.expectAnswerWithin(run.simulatedMs);
  run.start();
  const record = await run.finished;
  if (record.fatalErrorId) throw ctx.error(blockingErrorId);
  return json({
    task_id: record.taskId,
    workflow_run_id: record.id,
    data: workflowSummary(record, serializeOutputs(record, run.serializeFile)),
  });
}
