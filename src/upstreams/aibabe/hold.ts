/**
 * Holding a connection for the simulated service time, the way the platform blocks while RunPod
 * generates: false when the client went away meanwhile, and then the handler answers `NO_REPLY`
 * and leaves nothing behind.
 */
import type { Call } from '../../core/index.js';
import { PNG_DATA_URL_PREFIX } from '../../imaging/index.js';

/** Not an async function: a held call keeps a promise reaction here, not a suspended frame (bench/README.md, "Performance tricks"). */
export function hold(call: Call, simulatedMs: number = call.latencyMs()): Promise<boolean> {
  return call.wait(simulatedMs).then(
    () => true,
    (error: unknown) => {
      // The shell rejects the wait when the client leaves; anything else is a real failure.
      if (call.clientGone()) return false;
      throw error;
    },
  );
}

/** `data:image/png;base64,…`, the shape of `data.base64Image` and `data.imageData`. */
export function pngDataUrl(png: Buffer): string {
  return `${PNG_DATA_URL_PREFIX}${png.toString('base64')}`;
}
