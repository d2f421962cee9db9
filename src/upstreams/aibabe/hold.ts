/**
 * Holding a connection for the simulated service time, the way the platform blocks while RunPod
 * generates: false when the client went away meanwhile, and then the handler answers `NO_REPLY`
 * and leaves nothing behind.
 */
import { NO_REPLY, type Call, type Reply } from '../../core/index.js';
import { PNG_DATA_URL_PREFIX } from '../../imaging/index.js';

export function hold(call: Call, simulatedMs: number = call.latencyMs()): Promise<boolean> {
  return afterHold(call, simulatedMs, () => true, false);
}

/**
 * `answer()` after the hold, or `NO_REPLY` when the client left: the held call keeps one promise
 * and its reaction, where `hold(call).then(…)` keeps two of each (bench/README.md, "Performance tricks").
 */
export function holdThenAnswer(call: Call, answer: () => Reply | Promise<Reply>): Promise<Reply> {
  return afterHold(call, call.latencyMs(), answer, NO_REPLY);
}

/** Not an async function: a held call keeps a promise reaction here, not a suspended frame. */
function afterHold<T>(call: Call, simulatedMs: number, then: () => T | Promise<T>, whenGone: T): Promise<T> {
  return call.wait(simulatedMs).then(then, (error: unknown) => {
    // The shell rejects the wait when the client leaves; anything else is a real failure.
    if (call.clientGone()) return whenGone;
    throw error;
  });
}

/** `data:image/png;base64,…`, the shape of `data.base64Image` and `data.imageData`. */
export function pngDataUrl(png: Buffer): string {
  return `${PNG_DATA_URL_PREFIX}${png.toString('base64')}`;
}
