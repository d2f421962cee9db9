import { CheckFailure, throwIfAny } from '../check-failure.js';
import { NOT_APPLICABLE, type CheckInput, type CheckOutcome } from './check.js';

/** The event stream's grammar and budgets, as the incremental validator saw it arrive. */
export function sseGrammar({ exchange, response }: CheckInput): CheckOutcome {
  const trace = exchange.notes.sse;
  if (!trace || response.mediaType !== 'text/event-stream') return NOT_APPLICABLE;
  throwIfAny(trace.violations.map((v) => new CheckFailure({ check: 'sse_grammar', pointer: v.pointer, received: v.received, documented: v.documented })));
}
