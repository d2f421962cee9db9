import type { CheckInput, CheckOutcome } from './check.js';
import { judgeProbe } from './probe.js';

/**
 * A cover built as the docs say is accepted: every code taken from `POST /v1/config/options` for
 * the character's gender, and breastSize/buttSize left out for a male (required only for female,
 * seed 001 lines 29-39).
 */
export function coverParameters(input: CheckInput): CheckOutcome {
  return judgeProbe('cover_parameters', input);
}
