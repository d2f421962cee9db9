/**
 * `POST /v1/images/generations` (createImageGeneration): checks the request against the model's
 * sizes and maxN, creates a task whose pending/processing durations are sampled from
 * mocks/chatfire/models.yaml, and answers at once with the task (status pending) — or, in openai
 * compatibility mode, waits for the task to end and answers OpenAI's images body.
 */
import { json, type Call, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { ScenarioDefinition } from '../../mocks/index.js';
import type { ChatfirePrincipal } from './authenticate.js';
import { REFERENCE_UNREACHABLE_FAILURE, type ChatfireState } from './chatfire-state.js';
import { findImage } from './image-files.js';
import { createImageTask, type ImageTask, type ResponseFormat, type TaskInput, type TaskPlan } from './image-task.js';
import { invalidRequest } from './invalid-request.js';
import { modelBehaviour } from './chatfire-mocks.js';
import { resolveReference } from './reference-image.js';
import { responseMode } from './response-mode.js';
import { openaiBody, taskBody, taskFailure } from './task-body.js';

interface ImageGenerationRequest {
  model: string;
  prompt: string;
  url?: string;
  n?: number;
  response_format?: ResponseFormat;
  size?: string;
}

type ChatfireCall = Call<ChatfirePrincipal | undefined>;

export function createCreateImageGenerationHandler(ctx: UpstreamContext, state: ChatfireState): OperationHandler<ChatfirePrincipal | undefined> {
  return async function createImageGeneration(call) {
    const request = readRequest(call, ctx, state);
    const mode = responseMode(call);
    await call.wait(call.latencyMs());
    const { origin } = call.request;
    const task = await createTask(ctx, state, call, request, origin);

    if (mode === 'openai') {
      await waitForEnd(call, task);
      const failure = taskFailure(state, task);
      if (failure) throw ctx.error(failure.openaiError);
      return json(await openaiBody(ctx, state, task, origin, ctx.sim.clock.now()));
    }
    const completesAtOnce = call.scenario?.behavior === 'task_completed_immediately';
    return json(await taskBody(ctx, state, task, { origin, now: task.createdAt, status: completesAtOnce ? undefined : 'pending' }));
  };
}

async function createTask(ctx: UpstreamContext, state: ChatfireState, call: ChatfireCall, request: ImageGenerationRequest, origin: string): Promise<ImageTask> {
  const now = ctx.sim.clock.now();
  const canServe = async (file: string) => (await findImage(ctx, state, file, now)).found;
  const resolved = request.url === undefined ? undefined : await resolveReference(request.url, origin, canServe);
  const input: TaskInput = {
    model: request.model,
    prompt: request.prompt,
    n: request.n ?? state.defaults.n,
    size: request.size ?? state.defaults.size,
    responseFormat: request.response_format ?? (state.defaults.response_format as ResponseFormat),
    reference: resolved?.reference,
  };
  const plan = taskPlan(state, input.model, call.scenario, resolved?.unreachable === true);
  const task: ImageTask = { ...createImageTask(input, plan, { now, toClockMs: ctx.sim.toClockMs, ids: state.ids, random: state.random }), owner: call.principal?.token };
  await state.tasks.set(task.id, task, { ttlMs: task.runMs + state.mocks.limits.taskRetentionMs });
  return task;
}

/** The body, with the per-model rules the schema cannot state (models.yaml sizes and maxN). */
function readRequest(call: ChatfireCall, ctx: UpstreamContext, state: ChatfireState): ImageGenerationRequest {
  // The pipeline validates application/json bodies; this also refuses what it skipped (a body of
  // another Content-Type, which the shell leaves unread).
  const validation = ctx.contracts.validateRequest(ctx.id, call.operation.operationId, call.body ?? null);
  if (!validation.valid) throw invalidRequest(call.operation, validation.diagnostics, ctx);
  const request = call.body as ImageGenerationRequest;
  const model = modelBehaviour(state.mocks, request.model);
  if (!model) throw ctx.error('invalid_model', { model: request.model });
  const size = request.size ?? state.defaults.size;
  if (!model.sizes.some((offered) => offered === size)) throw ctx.error('invalid_size');
  if ((request.n ?? state.defaults.n) > model.maxN) throw ctx.error('invalid_n');
  return request;
}

function taskPlan(state: ChatfireState, model: string, scenario: ScenarioDefinition | undefined, referenceUnreachable: boolean): TaskPlan {
  const pendingMs = state.generation.sample(`${model}.pendingMs`);
  const processingMs = state.generation.sample(`${model}.processingMs`);
  const behavior = scenario?.behavior;
  const failureName = referenceUnreachable ? REFERENCE_UNREACHABLE_FAILURE : behavior === 'task_failed' ? String(scenario?.params?.failure) : undefined;
  const failure = failureName === undefined ? undefined : state.mocks['task-failures'][failureName];
  if (failureName !== undefined && failure) return { pendingMs, processingMs, failure: { name: failureName, failAt: failure.failAt } };
  if (behavior === 'task_completed_immediately') return { pendingMs: 0, processingMs: 0 };
  return { pendingMs, processingMs, endless: behavior === 'task_never_completes' };
}

/** Blocks the openai-mode request until the task ends; a task that never ends holds it until the client leaves. */
function waitForEnd(call: ChatfireCall, task: ImageTask): Promise<void> {
  if (task.end) return call.wait(task.runMs);
  return new Promise((_resolve, reject) => {
    if (call.signal.aborted) reject(call.signal.reason);
    call.signal.addEventListener('abort', () => reject(call.signal.reason), { once: true });
  });
}
