import type { CheckInput, CheckOutcome } from './check.js';
import { judgeProbe } from './probe.js';

/** A conversation belongs to the agent it was created for: a chat image that pairs it with another agent is refused (seed 000 line 32). */
export function conversationScope(input: CheckInput): CheckOutcome {
  return judgeProbe('conversation_scope', input);
}
