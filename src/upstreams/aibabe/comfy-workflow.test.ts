import { describe, expect, it } from 'vitest';
import { loadMocks } from '../../mocks/index.js';
import { aibabeMocks, type ComfyWorkflow } from './aibabe-mocks.js';
import { buildAgentWorkflow, checkWorkflow, comfyJobError } from './comfy-workflow.js';

const mocks = aibabeMocks(await loadMocks('aibabe'));
const config = mocks['comfyui-errors'];
const template = mocks.agents.customAgentWorkflow;
const brokenAgent = mocks.agents.items.find((agent) => agent.name === 'Rin')!;

describe('ComfyUI workflow checks', () => {
  it.each(Object.keys(config.variants))('keeps the raw body of variant %s equal to its parsed body', (variant) => {
    const { body, rawBody } = config.variants[variant]!;
    const fill = (text: string) => text.replaceAll('{nodeId}', '7');
    expect(JSON.parse(fill(rawBody))).toEqual(JSON.parse(fill(JSON.stringify(body))));
  });

  it.each([
    ['the system template', template, { ok: true }],
    ['a workflow with a node missing class_type', brokenAgent.comfyPrompt!, { ok: false, variant: 'invalid_prompt', nodeId: '5' }],
    ['a workflow without an output node', Object.fromEntries(Object.entries(template).filter(([id]) => id !== '9')), { ok: false, variant: 'prompt_no_outputs' }],
  ])('judges %s as ComfyUI would', (_case, workflow, expected) => {
    expect(checkWorkflow(workflow as ComfyWorkflow, config)).toEqual(expected);
  });

  it('builds the worker-comfyui job error from the variant', () => {
    expect(comfyJobError(config, 'missing_node_type', '12')).toBe(
      'Node \'ID #12\' has no class_type. The workflow may be corrupted or a custom node is missing.. Raw response: {"error": {"type": "missing_node_type", "message": "Node \'ID #12\' has no class_type. The workflow may be corrupted or a custom node is missing.", "details": "Node ID \'#12\'", "extra_info": {"node_id": "12", "class_type": null, "node_title": null}}, "node_errors": {}}',
    );
    expect(() => comfyJobError(config, 'no_such_variant')).toThrow(/no variant "no_such_variant"/);
  });

  it('writes the prompt, size and seed into a copy of the template', () => {
    const workflow = buildAgentWorkflow(template, { prompt: '一位黑色长发的女孩', width: 512, height: 768, seed: 42 });
    expect(checkWorkflow(workflow, config)).toEqual({ ok: true });
    expect(workflow['3']?.inputs.seed).toBe(42);
    expect(workflow['6']?.inputs.text).toBe('一位黑色长发的女孩');
    expect(workflow['7']?.inputs.text).toBe(template['7']?.inputs.text);
    expect(workflow['5']?.inputs).toMatchObject({ width: 512, height: 768 });
    expect(template['3']?.inputs.seed).not.toBe(42);
  });
});
