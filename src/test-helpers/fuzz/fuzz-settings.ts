/**
 * What every fuzz run shares: the seed (fixed and printed; `PIXMOCK_FUZZ_SEED=<n>` replays another
 * run), the number of cases per upstream (`PIXMOCK_FUZZ_CASES=<n>`) and the server's limits.
 */
import { DEFAULT_LIMITS, type ServerLimits } from '../../core/index.js';

export const FUZZ_SEED = Number(process.env.PIXMOCK_FUZZ_SEED ?? 20_260_107);
export const CASES_PER_UPSTREAM = Number(process.env.PIXMOCK_FUZZ_CASES ?? 10_000);
/** Small limits, so "over the limit" cases stay cheap and the limits are exercised. */
export const FUZZ_LIMITS: ServerLimits = { ...DEFAULT_LIMITS, bodyBytes: 64 * 1024, uploadBytes: 128 * 1024, journalEntries: 200, stateEntries: 300 };
