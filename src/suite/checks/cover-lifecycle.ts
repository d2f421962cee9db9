import type { CheckInput, CheckOutcome } from './check.js';
import { judgeProbe } from './probe.js';

/** A coverId creates one agent (whose id then chats), is refused when used again, and is refused once 30 minutes have passed (seed 001 lines 8 and 55). */
export function coverLifecycle(input: CheckInput): CheckOutcome {
  return judgeProbe('cover_lifecycle', input);
}
