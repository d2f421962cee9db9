/**
 * One simulated run of the text-to-image workflow: the nodes of `mocks/dify/graph.yaml` run in
 * order on the simulated clock, each taking its `share` of the sampled run time (the Stable
 * Diffusion node scaled by the checkpoint's speedFactor), and every step is published to the
 * listeners as the Dify stream event it would be (`workflow_started`, `node_started`,
 * `node_finished`, `workflow_finished`, or a final `error`). Blocking and streaming answers are
 * both views of this one timeline. `stop()` ends a running run as `stopped`. The record it fills
 * and the live run others hold are typed in workflow-run-record.ts.
 *
 * @example
 * const run = createWorkflowRun(ctx, state, options);
 * const unsubscribe = run.subscribe((event) => stream.send(event));
 * run.start();
 * const record = await run.finished;
 */
import type { UpstreamContext } from '../../core/index.js';
import type { PlaceholderSpec } from '../../imaging/index.js';
import { sleep } from '../../sim/clock.js';
import type { GraphNode } from './dify-mocks.js';
import { endUserId, nextCounter, type DifyState } from './dify-state.js';
import type { FileObject, FileSerializer } from './file-object.js';
import type { ToolFile } from './stored-files.js';
import { workflowSummary, type RunListener, type RunStatus, type WorkflowRun, type WorkflowRunRecord } from './workflow-run-record.js';

type NodeStatus = 'succeeded' | 'failed';

/** How this run deviates from a normal one (scenario behaviours). */
export type RunBehavior =
  | { kind: 'normal' }
  | { kind: 'node_failed' }
  | { kind: 'tool_text_failure' }
  /** Dies after `afterNodeStarted` started, with the catalogue entry `errorId` as an `error` event. */
  | { kind: 'stream_error'; errorId: string; afterNodeStarted: string };

export interface WorkflowRunOptions {
  prompt: string;
  modelName: string;
  user: string;
  /** Simulated milliseconds the whole run takes at speedFactor 1. */
  totalMs: number;
  behavior: RunBehavior;
  /** What the Stable Diffusion node "generates". */
  image: PlaceholderSpec;
  serializeFile: FileSerializer;
}

interface NodeResult {
  status: NodeStatus;
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  processData: Record<string, unknown> | null;
  error: string | null;
  metadata: Record<string, unknown> | null;
  files: ToolFile[];
}

class RunStopped extends Error {
  override readonly name = 'RunStopped';
}

export function createWorkflowRun(ctx: UpstreamContext, state: DifyState, options: WorkflowRunOptions): WorkflowRun {
  const { mocks } = state;
  const { clock } = ctx.sim;
  const listeners = new Set<RunListener>();
  const stopController = new AbortController();
  const runId = state.ids.uuid();
  const record: WorkflowRunRecord = {
    id: runId,
    taskId: state.ids.uuid(),
    workflowId: mocks.app.workflowId,
    sequenceNumber: nextCounter(state, 'sequenceNumber', mocks.app.firstSequenceNumber),
    user: options.user,
    endUserId: endUserId(state, options.user),
    status: 'running',
    inputs: { prompt: options.prompt, model_name: options.modelName, 'sys.files': [], 'sys.user_id': options.user },
    outputFiles: null,
    error: null,
    totalTokens: 0,
    totalSteps: 0,
    createdAt: seconds(clock.now()),
    finishedAt: null,
    elapsedTime: 0,
    serializeFile: options.serializeFile,
  };
  let resolveFinished: (record: WorkflowRunRecord) => void = () => {};
  const finished = new Promise<WorkflowRunRecord>((resolve) => {
    resolveFinished = resolve;
  });
  let startedAt = clock.now();
  const simSecondsSince = (clockMs: number) => ((clock.now() - clockMs) * ctx.sim.timeScale) / 1000;

  const emit = (event: string, data: Record<string, unknown>) => {
    const payload = { event, task_id: record.taskId, workflow_run_id: record.id, data };
    for (const listener of [...listeners]) listener(payload);
  };
  const envelope = (event: string) => ({ event, workflow_run_id: record.id });
  const checkpoint = mocks.checkpoints.models[options.modelName];
  /** A node's share of the run; the Stable Diffusion node runs at the checkpoint's speed. */
  const nodeMs = (node: GraphNode) => options.totalMs * node.share * (node.type === 'tool' ? (checkpoint?.speedFactor ?? 1) : 1);

  const finish = (status: RunStatus, error: string | null) => {
    record.status = status;
    record.error = error;
    record.finishedAt = seconds(clock.now());
    record.elapsedTime = simSecondsSince(startedAt);
    state.active.delete(record.id);
  };

  const finishWithEvent = (status: RunStatus, error: string | null) => {
    finish(status, error);
    const files = record.outputFiles?.map(record.serializeFile) ?? [];
    emit('workflow_finished', {
      ...workflowSummary(record, record.outputFiles ? { files } : null),
      sequence_number: record.sequenceNumber,
      created_by: { id: record.endUserId, user: record.user },
      files,
    });
  };

  /** Waits until a clock deadline; a stop rejects the wait. */
  const waitUntil = async (deadline: number) => {
    const ms = deadline - clock.now();
    if (ms > 0) await sleep(clock, ms, stopController.signal);
    if (stopController.signal.aborted) throw new RunStopped();
  };

  const renderImage = async (): Promise<ToolFile> => {
    const png = await ctx.renderer.render(options.image);
    const file: ToolFile = { id: state.ids.uuid(), spec: options.image, size: png.length, mimeType: 'image/png', extension: '.png' };
    state.toolFiles.set(file.id, file);
    return file;
  };

  const runNode = async (node: GraphNode, deadline: number, image: Promise<ToolFile>): Promise<NodeResult> => {
    const { failures } = mocks.graph;
    await waitUntil(deadline);
    const userInputs = record.inputs;
    switch (node.type) {
      case 'start':
        return result({ inputs: userInputs, outputs: userInputs });
      case 'llm': {
        const tokens = node.tokens ? state.random.int(node.tokens.min, node.tokens.max) : 0;
        record.totalTokens += tokens;
        const price = node.price ? { total_price: (tokens / 1000) * node.price.perThousandTokens, currency: node.price.currency } : {};
        return result({
          inputs: {},
          outputs: { text: options.prompt },
          metadata: { total_tokens: tokens, ...price },
        });
      }
      case 'tool': {
        const tool = node.tool;
        const inputs = {
          prompt: options.prompt,
          model: options.modelName,
          ...(tool ? { width: tool.width, height: tool.height, steps: tool.steps, negative_prompt: tool.negativePrompt ?? '' } : {}),
        };
        const metadata = tool ? { tool_info: { provider_type: tool.providerType, provider_id: tool.providerId } } : null;
        if (options.behavior.kind === 'node_failed' && node.id === failures.nodeFailed.nodeId) {
          return result({ inputs, status: 'failed', error: failures.nodeFailed.error, metadata });
        }
        if (options.behavior.kind === 'tool_text_failure' && node.id === failures.toolTextFailure.nodeId) {
          return result({ inputs, outputs: { text: failures.toolTextFailure.text, files: [], json: [] }, metadata });
        }
        if (node.id !== mocks.graph.imageNodeId) return result({ inputs, outputs: { text: '', files: [], json: [] }, metadata });
        const file = await image;
        if (stopController.signal.aborted) throw new RunStopped();
        record.outputFiles = [file];
        return result({ inputs, outputs: { text: '', files: [file], json: [] }, metadata, files: [file] });
      }
      case 'end': {
        const files = record.outputFiles ?? [];
        record.outputFiles = files;
        return result({ inputs: { files }, outputs: { files }, files });
      }
      default:
        return result({ inputs: { prompt: options.prompt }, outputs: { output: options.prompt } });
    }
  };

  const timeline = async () => {
    startedAt = clock.now();
    state.active.set(record.id, true);
    emit('workflow_started', {
      id: record.id,
      workflow_id: record.workflowId,
      sequence_number: record.sequenceNumber,
      inputs: record.inputs,
      created_at: record.createdAt,
    });
    // Rendering takes real time; start it now so the Stable Diffusion node rarely waits for it.
    // …unless the run was stopped before it started (its client had already gone).
    const image = stopController.signal.aborted ? Promise.reject(new RunStopped()) : renderImage();
    image.catch(() => undefined);
    let deadline = startedAt;
    let predecessor: string | null = null;
    for (const [i, node] of mocks.graph.nodes.entries()) {
      const executionId = state.ids.uuid();
      const nodeStartedAt = clock.now();
      const base = {
        id: executionId,
        node_id: node.id,
        node_type: node.type,
        title: node.title,
        index: i + 1,
        predecessor_node_id: predecessor,
      };
      emit('node_started', { ...base, inputs: null, created_at: seconds(nodeStartedAt), extras: {} });
      deadline += ctx.sim.toClockMs(nodeMs(node));

      if (options.behavior.kind === 'stream_error' && node.id === options.behavior.afterNodeStarted) {
        await waitUntil(deadline);
        const body = ctx.error(options.behavior.errorId).body as Record<string, unknown>;
        record.fatalErrorId = options.behavior.errorId;
        finish('failed', String(body.message));
        for (const listener of [...listeners]) listener({ ...envelope('error'), ...body });
        return;
      }

      const outcome = await runNode(node, deadline, image);
      record.totalSteps += 1;
      const files = outcome.files.map(record.serializeFile);
      emit('node_finished', {
        ...base,
        inputs: serializeFiles(outcome.inputs, record.serializeFile, outcome.files, files),
        process_data: outcome.processData,
        outputs: serializeFiles(outcome.outputs, record.serializeFile, outcome.files, files),
        status: outcome.status,
        error: outcome.error,
        elapsed_time: simSecondsSince(nodeStartedAt),
        execution_metadata: outcome.metadata,
        created_at: seconds(nodeStartedAt),
        finished_at: seconds(clock.now()),
        files,
      });
      if (outcome.status === 'failed') {
        record.outputFiles = null;
        finishWithEvent('failed', outcome.error);
        return;
      }
      predecessor = node.id;
    }
    finishWithEvent('succeeded', null);
  };

  return {
    record,
    simulatedMs: mocks.graph.nodes.reduce((total, node) => total + nodeMs(node), 0),
    finished,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      timeline()
        .catch((error: unknown) => {
          if (error instanceof RunStopped) {
            finishWithEvent('stopped', mocks.graph.failures.stopped.error);
            return;
          }
          ctx.logger.error({ err: error, workflowRunId: record.id }, 'workflow run failed unexpectedly');
          const body = ctx.error('stream_internal_error').body as Record<string, unknown>;
          record.fatalErrorId = 'stream_internal_error';
          finish('failed', String(body.message));
          for (const listener of [...listeners]) listener({ ...envelope('error'), ...body });
        })
        .finally(() => {
          listeners.clear();
          resolveFinished(record);
        });
    },
    stop() {
      if (record.status === 'running') stopController.abort(new RunStopped('Workflow stopped.'));
    },
  };
}

function result(partial: Partial<NodeResult>): NodeResult {
  return { status: 'succeeded', inputs: null, outputs: null, processData: null, error: null, metadata: null, files: [], ...partial };
}

/** Replaces ToolFile references inside node inputs/outputs with their serialised file objects. */
function serializeFiles(
  value: Record<string, unknown> | null,
  serialize: FileSerializer,
  files: ToolFile[],
  serialized: FileObject[],
): Record<string, unknown> | null {
  if (!value) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      Array.isArray(item) ? item.map((entry) => (isToolFile(entry) ? (serialized[files.indexOf(entry)] ?? serialize(entry)) : entry)) : item,
    ]),
  );
}

function isToolFile(value: unknown): value is ToolFile {
  return typeof value === 'object' && value !== null && 'spec' in value && 'size' in value;
}

function seconds(clockMs: number): number {
  return Math.floor(clockMs / 1000);
}
