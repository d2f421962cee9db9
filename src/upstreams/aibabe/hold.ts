/**
 * Holding a connection for the simulated service time, the way the platform blocks while RunPod
 * generates: false when the client went away meanwhile, and then the handler writes nothing.
 */
import { PNG_DATA_URL_PREFIX } from '../../imaging/index.js';
import type { OperationCall } from '../../server/upstream-context.js';

export async function hold(call: OperationCall, simulatedMs: number = call.latencyMs()): Promise<boolean> {
  try {
    await call.wait(simulatedMs);
    return true;
  } catch (error) {
    if (call.clientGone()) return false;
    throw error;
  }
}

/** `data:image/png;base64,…`, the shape of `data.base64Image` and `data.imageData`. */
export function pngDataUrl(png: Buffer): string {
  return `${PNG_DATA_URL_PREFIX}${png.toString('base64')}`;
}
