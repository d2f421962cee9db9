/**
 * What one workflow run is to the rest of the Dify mock: the record the store keeps (plain data,
 * enough for the blocking answer and GET /v1/workflows/run/{id}), the live run a stream or a stop
 * request holds, and the summary fields those answers share. The timeline that fills them is
 * workflow-run.ts.
 */
import type { FileObjectShape } from './dify-mocks.js';
import type { FileObject, FileSerializer } from './file-object.js';
import type { ToolFile } from './stored-files.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped';

export interface WorkflowRunRecord {
  id: string;
  taskId: string;
  workflowId: string;
  sequenceNumber: number;
  user: string;
  endUserId: string;
  status: RunStatus;
  /** User inputs plus sys.* variables. */
  inputs: Record<string, unknown>;
  /** Tool files of outputs.files; null when the run ended without reaching the end node. */
  outputFiles: ToolFile[] | null;
  error: string | null;
  /** Catalogue id of the error that killed the run mid-stream (behaviour stream_error). */
  fatalErrorId?: string;
  totalTokens: number;
  totalSteps: number;
  createdAt: number;
  finishedAt: number | null;
  /** Simulated seconds. */
  elapsedTime: number;
  /** The shape its file objects take (the run's `file_shape` scenario, else signing.yaml's). */
  fileShape: FileObjectShape;
}

export type RunEvent = Record<string, unknown>;
export type RunListener = (event: RunEvent) => void;

export interface WorkflowRun {
  /** The record as the run fills it; the runs store keeps a copy at each step. */
  readonly record: WorkflowRunRecord;
  /** Serialises this run's files in its shape, signed afresh. */
  readonly serializeFile: FileSerializer;
  /** Simulated milliseconds the run is planned to take, node by node (real render time not counted). */
  readonly simulatedMs: number;
  subscribe(listener: RunListener): () => void;
  /** Starts the timeline (call after subscribing, so no event is missed). */
  start(): void;
  /** Ends a running run as `stopped` (stop API, or the streaming client went away). */
  stop(): void;
  readonly finished: Promise<WorkflowRunRecord>;
}

/** The fields blocking responses, workflow_finished events and run details share. */
export function workflowSummary(record: WorkflowRunRecord, outputs: Record<string, unknown> | null) {
  return {
    id: record.id,
    workflow_id: record.workflowId,
    status: record.status,
    outputs,
    error: record.error,
    elapsed_time: record.elapsedTime,
    total_tokens: record.totalTokens,
    total_steps: record.totalSteps,
    created_at: record.createdAt,
    finished_at: record.finishedAt,
  };
}

/** outputs = { files: [...] } with fresh signatures, or null when the run never reached the end. */
export function serializeOutputs(record: WorkflowRunRecord, serialize: FileSerializer): { files: FileObject[] } | null {
  return record.outputFiles ? { files: record.outputFiles.map(serialize) } : null;
}
