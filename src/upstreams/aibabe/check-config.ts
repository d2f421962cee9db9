/**
 * The references aibabe's mocks and contract make, checked before it serves: the success envelope
 * and the validation errors its handlers read from the contract, and the ComfyUI failure variants
 * that scenarios and comfyui-errors.yaml name.
 */
import type { ConfigChecker, UpstreamContext } from '../../core/index.js';
import type { AibabeState } from './aibabe-state.js';

const SUCCESS_FIELDS = ['code', 'success', 'message'];

export function checkAibabeConfig(ctx: UpstreamContext, { mocks }: AibabeState, check: ConfigChecker): void {
  const success = ctx.contract.document['x-pixmock-success'];
  if (success === null || typeof success !== 'object' || SUCCESS_FIELDS.some((field) => !Object.hasOwn(success, field))) {
    check.problem(check.contract('/x-pixmock-success'), 'is missing or lacks code, success or message, which every success envelope carries', 'Write x-pixmock-success: { code: 10200, success: true, message: OK }');
  }
  for (const operation of ctx.contract.operations.values()) {
    if (!operation.requestSchemaId) continue;
    const ids = operation.raw['x-pixmock-validation-errors'] as { required?: unknown; invalid?: unknown } | undefined;
    if (typeof ids?.required !== 'string' || typeof ids.invalid !== 'string') {
      check.problem(check.operationField(operation, 'x-pixmock-validation-errors'), `${operation.operationId} takes a body but maps no violation to an error`, 'Add x-pixmock-validation-errors: { required: <error id>, invalid: <error id> }');
    }
  }
  const comfy = mocks['comfyui-errors'];
  const variants = Object.keys(comfy.variants);
  const variantsPlace = check.mocks('comfyui-errors', '/variants');
  check.oneOf(check.mocks('comfyui-errors', '/default'), comfy.default, variants, variantsPlace);
  check.oneOf(check.mocks('comfyui-errors', '/noOutputs'), comfy.noOutputs, variants, variantsPlace);
  for (const [name, { behavior, params }] of Object.entries(ctx.mocks.scenarios)) {
    if (behavior === 'comfy_invalid_prompt' && params?.variant !== undefined) check.oneOf(check.mocks('scenarios', `/${name}/params/variant`), params.variant, variants, variantsPlace);
  }
}
