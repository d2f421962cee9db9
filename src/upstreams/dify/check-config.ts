/**
 * The references Dify's mocks make, checked before it serves: the errors a `stream_error` scenario
 * and the run's defaults name, the graph nodes that scenarios and failures name, the default
 * checkpoint, and the file object shapes.
 */
import type { ConfigChecker, UpstreamContext } from '../../core/index.js';
import { FILE_OBJECT_SHAPES } from './dify-mocks.js';
import type { DifyState } from './dify-state.js';
import { DEFAULT_BLOCKING_ERROR, DEFAULT_STREAM_ERROR } from './run-workflow.js';

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
