/**
 * `response_mode: blocking`: one JSON body once the run has ended (HTTP 200 whether it
 * succeeded, failed or was stopped). A run killed by an unexpected error answers the scenario's
 * blocking error instead (Dify's controller turns it into 500 internal_server_error). If the
 * Cloudflare edge already answered 524, or the client left, nothing more is written: the run
 * simply finishes and stays readable through GET /v1/workflows/run/{id}. The edge is told how
 * long the run is planned to take, so only a run planned past its cut is cut.
 */
import type { Response } from 'express';
import type { UpstreamContext } from '../../server/upstream-context.js';
import type { EdgeCut } from './cloudflare-edge.js';
import { serializeOutputs, workflowSummary, type WorkflowRun } from './workflow-run.js';

export async function respondBlocking(ctx: UpstreamContext, res: Response, run: WorkflowRun, blockingErrorId: string): Promise<void> {
  (res.locals.cloudflareEdge as EdgeCut | undefined)?.expectAnswerWithin(run.simulatedMs);
  run.start();
  const record = await run.finished;
  if (res.headersSent || res.destroyed) return;
  if (record.fatalErrorId) throw ctx.error(blockingErrorId);
  res.status(200).json({
    task_id: record.taskId,
    workflow_run_id: record.id,
    data: workflowSummary(record, serializeOutputs(record)),
  });
}
