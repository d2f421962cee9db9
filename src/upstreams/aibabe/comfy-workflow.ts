/**
 * The agent's ComfyUI workflow (`comfy_prompt`): the checks ComfyUI's `POST /prompt` makes before
 * it queues anything, the job error worker-comfyui turns its 400 into, and the workflow the
 * platform writes for agents created through `POST /v1/agent/create`.
 *
 * Wording lives in mocks/aibabe/comfyui-errors.yaml: `default` names the variant for a node
 * without class_type (older `invalid_prompt`, newer `missing_node_type`), `noOutputs` the one for
 * a workflow without an output node.
 *
 * @example
 * const check = checkWorkflow(agent.comfyPrompt, mocks['comfyui-errors']);
 * if (!check.ok) throw ctx.error('comfy_invalid_prompt', { message: comfyJobError(config, check.variant, check.nodeId) });
 */
import type { AibabeMocks, ComfyNode, ComfyWorkflow } from './aibabe-mocks.js';

export type ComfyErrorConfig = AibabeMocks['comfyui-errors'];

export type WorkflowCheck = { ok: true } | { ok: false; variant: string; nodeId?: string };

export interface AgentWorkflowOptions {
  /** The positive prompt text describing the agent. */
  prompt: string;
  width: number;
  height: number;
  seed: number;
}

/** As ComfyUI validates: every node needs a class_type (first offender, in key order), then an output node must exist. */
export function checkWorkflow(workflow: ComfyWorkflow, config: ComfyErrorConfig): WorkflowCheck {
  for (const [nodeId, node] of Object.entries(workflow)) {
    if (!isNode(node) || typeof node.class_type !== 'string' || node.class_type === '') {
      return { ok: false, variant: config.default, nodeId };
    }
  }
  const hasOutput = Object.values(workflow).some((node) => config.outputNodeTypes.includes(node?.class_type ?? ''));
  return hasOutput ? { ok: true } : { ok: false, variant: config.noOutputs };
}

/** worker-comfyui's job error: "<ComfyUI message>. Raw response: <ComfyUI body>", placeholders filled. */
export function comfyJobError(config: ComfyErrorConfig, variantName: string, nodeId = ''): string {
  const variant = config.variants[variantName];
  if (!variant) {
    throw new Error(
      `Failed to describe a ComfyUI failure: no variant "${variantName}" in mocks/aibabe/comfyui-errors.yaml. Use one of ${Object.keys(config.variants).join(', ')}.`,
    );
  }
  return fillTemplate(config.jobErrorTemplate, {
    message: fillTemplate(variant.message, { nodeId }),
    rawBody: fillTemplate(variant.rawBody, { nodeId }),
  });
}

/**
 * The system-written workflow of a created agent: the template from mocks/aibabe/agents.yaml
 * (`customAgentWorkflow`) with the sampler's seed, its positive prompt node's text and its latent
 * image's size set. Nodes are found by their links, not by class names, so any template with a
 * sampler (`positive` and `latent_image` inputs) works.
 */
export function buildAgentWorkflow(template: ComfyWorkflow, { prompt, width, height, seed }: AgentWorkflowOptions): ComfyWorkflow {
  const workflow = structuredClone(template);
  for (const node of Object.values(workflow)) {
    if (!node) continue;
    const { positive, latent_image: latentImage } = node.inputs;
    if (!isLink(positive)) continue;
    if ('seed' in node.inputs) node.inputs.seed = seed;
    const positiveNode = workflow[positive[0]];
    if (positiveNode && 'text' in positiveNode.inputs) positiveNode.inputs.text = prompt;
    const latentNode = isLink(latentImage) ? workflow[latentImage[0]] : undefined;
    if (latentNode && 'width' in latentNode.inputs) Object.assign(latentNode.inputs, { width, height });
  }
  return workflow;
}

function isNode(value: unknown): value is ComfyNode {
  return typeof value === 'object' && value !== null && typeof (value as ComfyNode).inputs === 'object';
}

/** A ComfyUI link: `["<node id>", <output index>]`. */
function isLink(value: unknown): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(values, name) ? values[name] : undefined) ?? placeholder);
}
