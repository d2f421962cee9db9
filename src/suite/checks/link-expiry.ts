import type { CheckInput, CheckOutcome } from './check.js';
import { judgeProbe } from './probe.js';

/** A link stops working when it expires: a chatfire image after its expires_at (410), a Dify tool-file URL 300 s after its timestamp (403). */
export function linkExpiry(input: CheckInput): CheckOutcome {
  return judgeProbe('link_expiry', input);
}
