/**
 * Turns contract violations of a JSON body into the error Dify itself would answer, checked in
 * Dify's order: the `user` argument (FetchUserArg) → the request parser (`inputs`,
 * `response_mode`, with `params` naming the argument) → the input form (start-node variables, in
 * the order of `mocks/dify/app.yaml` inputs). Anything else becomes the generic `invalid_request`.
 */
import type { Diagnostic, OperationContract } from '../../contracts/index.js';
import { fieldName, type UpstreamContext, type UpstreamHttpError } from '../../core/index.js';
import type { DifyState } from './dify-state.js';

const PARSER_ARGUMENTS = ['inputs', 'response_mode'];
const EMPTY_VALUE_KEYWORDS = new Set(['required', 'minLength']);

export function invalidRequest(_operation: OperationContract, diagnostics: Diagnostic[], ctx: UpstreamContext, state: DifyState): UpstreamHttpError {
  const at = (pointer: string) => diagnostics.find((diagnostic) => diagnostic.pointer === pointer);
  const has = (pointer: string, keyword: string) => diagnostics.find((diagnostic) => diagnostic.pointer === pointer && diagnostic.keyword === keyword);

  const root = at('');
  if (root && (root.received === null || typeof root.received !== 'object' || Array.isArray(root.received))) return ctx.error('invalid_json');
  if (at('/user')) return ctx.error('invalid_param');

  for (const argument of PARSER_ARGUMENTS) {
    const diagnostic = at(`/${argument}`);
    if (!diagnostic) continue;
    if (diagnostic.keyword === 'required') return ctx.error('invalid_param_missing_argument', { field: argument });
    if (has(`/${argument}`, 'enum')) return ctx.error('invalid_param_choice', { field: argument, value: String(diagnostic.received) });
    return ctx.error('invalid_request', { field: argument, reason: diagnostic.message });
  }

  for (const variable of Object.keys(state.mocks.app.inputs)) {
    const diagnostic = at(`/inputs/${variable}`);
    if (!diagnostic) continue;
    if (EMPTY_VALUE_KEYWORDS.has(diagnostic.keyword)) return ctx.error('invalid_param_input_required', { variable });
    const choice = has(`/inputs/${variable}`, 'enum');
    if (!has(`/inputs/${variable}`, 'type') && choice && Array.isArray(choice.expected)) {
      return ctx.error('invalid_param_input_option', { variable, options: pythonList(choice.expected) });
    }
    return ctx.error('invalid_param_input_not_string', { variable });
  }

  const first = diagnostics[0];
  return ctx.error('invalid_request', { field: fieldName(first?.pointer ?? ''), reason: first?.message ?? 'is invalid' });
}

/** Python's repr of a list of strings, as Dify's f-string prints the select options. */
export function pythonList(items: readonly unknown[]): string {
  return `[${items.map((item) => `'${String(item)}'`).join(', ')}]`;
}
