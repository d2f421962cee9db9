import type { CheckInput, CheckOutcome } from './check.js';
import { judgeProbe } from './probe.js';

/** What one key created is not readable with another key: a chatfire task, a Dify run of another app (checked where the target has a second key). */
export function keyIsolation(input: CheckInput): CheckOutcome {
  return judgeProbe('key_isolation', input);
}
