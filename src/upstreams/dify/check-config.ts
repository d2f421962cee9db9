/**
 * The references Dify's mocks make, checked before it serves: the errors a `stream_error` scenario
 * and the run's defaults name, the graph nodes that scenarios and failures name, the default
 * checkpoint, the checkpoints against the models the contract's `model_name` offers, and the file
 * object shapes.
 */
import { schemaAt } from '../../contracts/index.js';
import type { ConfigChecker, UpstreamContext } from '../../core/index.js';
import { FILE_OBJECT_SHAPES } from './dify-mocks.js';
import type { DifyState } from './dify-state.js';
import { DEFAULT_BLOCKING_ERROR, DEFAULT_STREAM_ERROR } from './run-workflow.js';

/** Where the run's request body declares `inputs.model_name`. */
const MODEL_NAME_POINTER = '/properties/inputs/properties/model_name';

export function checkDifyConfig(ctx: UpstreamContext, { mocks }: DifyState, check: ConfigChecker): void {
  const nodeIds = mocks.graph.nodes.map((node) => node.id);
  const nodes = check.mocks('graph', '/nodes');
  for (const id of [DEFAULT_BLOCKING_ERROR, DEFAULT_STREAM_ERROR]) {
    if (!ctx.contract.errors.has(id)) check.problem(check.contract('/x-pixmock-errors'), `has no error "${id}", which a failed run answers by default`, `Add ${id}`);
  }
  check.oneOf(check.mocks('graph', '/imageNodeId'), mocks.graph.imageNodeId, nodeIds, nodes);
  check.oneOf(check.mocks('graph', '/failures/nodeFailed/nodeId'), mocks.graph.failures.nodeFailed.nodeId, nodeIds, nodes);
  check.oneOf(check.mocks('graph', '/failures/toolTextFailure/nodeId'), mocks.graph.failures.toolTextFailure.nodeId, nodeIds, nodes);
  check.oneOf(check.mocks('checkpoints', '/default'), mocks.checkpoints.default, Object.keys(mocks.checkpoints.models), check.mocks('checkpoints', '/models'));
  checkModelNames(ctx, mocks.checkpoints.models, check);
  for (const [name, { behavior, params = {} }] of Object.entries(ctx.mocks.scenarios)) {
    const param = (key: string) => check.mocks('scenarios', `/${name}/params/${key}`);
    if (behavior === 'stream_error') {
      if (params.error !== undefined) check.errorId(param('error'), params.error);
      if (params.blockingError !== undefined) check.errorId(param('blockingError'), params.blockingError);
      if (params.afterNodeStarted !== undefined) check.oneOf(param('afterNodeStarted'), params.afterNodeStarted, nodeIds, nodes);
    }
    if (behavior === 'file_shape' && !FILE_OBJECT_SHAPES.some((shape) => shape === params.fileObjectShape)) {
      check.problem(param('fileObjectShape'), `names the file object shape ${JSON.stringify(params.fileObjectShape)}, which the mock cannot write`, `Use ${FILE_OBJECT_SHAPES.join(' or ')}`);
    }
  }
}

/**
 * The checkpoints are the options of the run's `model_name`: one the contract's enum lacks can never
 * be asked for, and one the enum offers without a checkpoint passes validation and then fails the run.
 */
function checkModelNames(ctx: UpstreamContext, checkpoints: Record<string, unknown>, check: ConfigChecker): void {
  const { requestSchemaId } = ctx.contract.operations.get('runWorkflow') ?? {};
  const found = requestSchemaId ? schemaAt(ctx.contracts, requestSchemaId, MODEL_NAME_POINTER) : undefined;
  const offered = found?.schema.enum;
  if (!found || !Array.isArray(offered)) return;
  // Named as the file under the contracts folder that holds the enum, whichever schema refers to it.
  const contractFile = check.contract().file;
  const file = `${contractFile.slice(0, contractFile.lastIndexOf('/'))}/schemas/${found.schemaId.slice(found.schemaId.lastIndexOf('/') + 1)}`;
  const where = `the model_name enum of ${file} at ${found.pointer}/enum`;
  for (const name of Object.keys(checkpoints).filter((model) => !offered.includes(model))) {
    check.problem(check.mocks('checkpoints', `/models/${name}`), `is a checkpoint ${where} does not offer, so no valid request can choose it`, `Add ${name} to that enum, or remove the checkpoint`);
  }
  for (const name of offered.filter((model) => typeof model !== 'string' || !(model in checkpoints))) {
    check.problem(check.mocks('checkpoints', '/models'), `has no checkpoint ${JSON.stringify(name)}, which ${where} offers (a run asking for it passes validation, then fails)`, `Add ${String(name)} here, or remove it from the enum`);
  }
}
