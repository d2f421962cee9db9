/**
 * One simulated run of the text-to-image workflow: the nodes of `mocks/dify/graph.yaml` run in
 * order on the simulated clock (what each produces: workflow-nodes.ts), each taking its `share` of
 * the sampled run time (the Stable Diffusion node scaled by the checkpoint's speedFactor), and
 * every step is published to the listeners as the Dify stream event it would be
 * (`workflow_started`, `node_started`, `node_finished`, `workflow_finished`, or a final `error`).
 * Blocking and streaming answers are both views of this one timeline; the runs store keeps a copy
 * of the record after every step, for GET /v1/workflows/run/{id}. `stop()` ends a running run as
 * `stopped`.
 *
 * @example
 * const run = await createWorkflowRun(ctx, state, options);
 * const unsubscribe = run.subscribe((event) => stream.send(event));
 * run.start();
 * const record = await run.finished;
 */
import type { UpstreamContext } from '../../core/index.js';
import type { PlaceholderSpec } from '../../imaging/index.js';
import { sleep } from '../../sim/clock.js';
import type { FileObjectShape, GraphNode } from './dify-mocks.js';
import { endUserId, nextCounter, type DifyState } from './dify-state.js';
import { createFileSerializer } from './file-object.js';
import type { ToolFile } from './stored-files.js';
import { runNode, serializeNodeFiles, type RunBehavior } from './workflow-nodes.js';
import { workflowSummary, type RunListener, type RunStatus, type WorkflowRun, type WorkflowRunRecord } from './workflow-run-record.js';

export interface WorkflowRunOptions {
  prompt: string;
  modelName: string;
  user: string;
  /** Simulated milliseconds the whole run takes at speedFactor 1. */
  totalMs: number;
  behavior: RunBehavior;
  /** What the Stable Diffusion node "generates". */
  image: PlaceholderSpec;
  fileShape: FileObjectShape;
}

class RunStopped extends Error {
  override readonly name = 'RunStopped';
}

/** Creates the run and its record (stored at once, status running); `start()` runs it. */
export async function createWorkflowRun(ctx: UpstreamContext, state: DifyState, options: WorkflowRunOptions): Promise<WorkflowRun> {
  const { mocks } = state;
  const { clock } = ctx.sim;
  const listeners = new Set<RunListener>();
  const stopController = new AbortController();
  const serializeFile = createFileSerializer(ctx, state, options.fileShape);
  const id = state.ids.uuid();
  const taskId = state.ids.uuid();
  const record: WorkflowRunRecord = {
    id,
    taskId,
    workflowId: mocks.app.workflowId,
    sequenceNumber: await nextCounter(state, 'sequenceNumber', mocks.app.firstSequenceNumber),
    user: options.user,
    endUserId: await endUserId(state, options.user),
    status: 'running',
    inputs: { prompt: options.prompt, model_name: options.modelName, 'sys.files': [], 'sys.user_id': options.user },
    outputFiles: null,
    error: null,
    totalTokens: 0,
    totalSteps: 0,
    createdAt: seconds(clock.now()),
    finishedAt: null,
    elapsedTime: 0,
    fileShape: options.fileShape,
  };
  const save = () => state.runs.set(record.id, { ...record });
  await save();
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
  const emitError = (errorId: string) => {
    const body = ctx.error(errorId).body as Record<string, unknown>;
    for (const listener of [...listeners]) listener({ event: 'error', workflow_run_id: record.id, ...body });
  };
  const checkpoint = mocks.checkpoints.models[options.modelName];
  /** A node's share of the run; the Stable Diffusion node runs at the checkpoint's speed. */
  const nodeMs = (node: GraphNode) => options.totalMs * node.share * (node.type === 'tool' ? (checkpoint?.speedFactor ?? 1) : 1);

  const finish = async (status: RunStatus, error: string | null) => {
    record.status = status;
    record.error = error;
    record.finishedAt = seconds(clock.now());
    record.elapsedTime = simSecondsSince(startedAt);
    await Promise.all([save(), state.active.delete(record.id)]);
  };

  /** Ends the run with a fatal `error` event instead of workflow_finished. */
  const die = async (errorId: string) => {
    record.fatalErrorId = errorId;
    await finish('failed', String((ctx.error(errorId).body as Record<string, unknown>).message));
    emitError(errorId);
  };

  const finishWithEvent = async (status: RunStatus, error: string | null) => {
    await finish(status, error);
    const files = record.outputFiles?.map(serializeFile) ?? [];
    emit('workflow_finished', {
      ...workflowSummary(record, record.outputFiles ? { files } : null),
      sequence_number: record.sequenceNumber,
      created_by: { id: record.endUserId, user: record.user },
      files,
    });
  };

  /** Waits until a clock deadline; a stop here rejects the wait, one asked of another replica ends it there. */
  const waitUntil = async (deadline: number) => {
    const ms = deadline - clock.now();
    if (ms > 0) await sleep(clock, ms, stopController.signal);
    if (stopController.signal.aborted || (await state.stopRequests.get(record.taskId)) === record.user) throw new RunStopped();
  };

  const renderImage = async (): Promise<ToolFile> => {
    const png = await ctx.renderer.render(options.image);
    const file: ToolFile = { id: state.ids.uuid(), spec: options.image, size: png.length, mimeType: 'image/png', extension: '.png' };
    await state.toolFiles.set(file.id, file);
    return file;
  };

  const timeline = async () => {
    startedAt = clock.now();
    await state.active.set(record.id, true);
    emit('workflow_started', {
      id: record.id,
      workflow_id: record.workflowId,
      sequence_number: record.sequenceNumber,
      inputs: record.inputs,
      created_at: record.createdAt,
    });
    // Rendering takes real time; start it now so the Stable Diffusion node rarely waits for it.
    // …unless the run was stopped before it started (its client had already gone).
    const rendering = stopController.signal.aborted ? Promise.reject(new RunStopped()) : renderImage();
    rendering.catch(() => undefined);
    const image = async () => {
      const file = await rendering;
      if (stopController.signal.aborted) throw new RunStopped();
      return file;
    };
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
      await waitUntil(deadline);

      if (options.behavior.kind === 'stream_error' && node.id === options.behavior.afterNodeStarted) {
        await die(options.behavior.errorId);
        return;
      }

      const outcome = await runNode(node, {
        mocks,
        prompt: options.prompt,
        modelName: options.modelName,
        behavior: options.behavior,
        userInputs: record.inputs,
        files: record.outputFiles ?? [],
        image,
        tokens: (min, max) => state.random.int(min, max),
      });
      record.totalTokens += outcome.tokens;
      if (node.type === 'end' || outcome.files.length > 0) record.outputFiles = outcome.files;
      record.totalSteps += 1;
      await save();
      const files = outcome.files.map(serializeFile);
      emit('node_finished', {
        ...base,
        inputs: serializeNodeFiles(outcome.inputs, serializeFile, outcome.files, files),
        process_data: outcome.processData,
        outputs: serializeNodeFiles(outcome.outputs, serializeFile, outcome.files, files),
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
        await finishWithEvent('failed', outcome.error);
        return;
      }
      predecessor = node.id;
    }
    await finishWithEvent('succeeded', null);
  };

  const run: WorkflowRun = {
    record,
    serializeFile,
    simulatedMs: mocks.graph.nodes.reduce((total, node) => total + nodeMs(node), 0),
    finished,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      timeline()
        .catch(async (error: unknown) => {
          if (error instanceof RunStopped) return finishWithEvent('stopped', mocks.graph.failures.stopped.error);
          ctx.logger.error({ err: error, workflowRunId: record.id }, 'workflow run failed unexpectedly');
          return die('stream_internal_error');
        })
        .catch((error: unknown) => ctx.logger.error({ err: error, workflowRunId: record.id }, 'workflow run could not be ended'))
        .finally(() => {
          state.liveRuns.delete(record.taskId);
          listeners.clear();
          resolveFinished(record);
        });
    },
    stop() {
      if (record.status === 'running') stopController.abort(new RunStopped('Workflow stopped.'));
    },
  };
  state.liveRuns.set(record.taskId, run);
  return run;
}

function seconds(clockMs: number): number {
  return Math.floor(clockMs / 1000);
}
