/**
 * Which 200 body createImageGeneration answers with: `Prefer: mode=task|openai` on the request
 * wins, then a scenario with the `openai_response` behaviour (per request or server-wide), then
 * the key's `responseMode` in keys.yaml; the documented task otherwise.
 */
import { PixmockProblem, type Call } from '../../core/index.js';
import type { ChatfirePrincipal } from './authenticate.js';
import { RESPONSE_MODES, type ResponseMode } from './chatfire-mocks.js';

export function responseMode(call: Call<ChatfirePrincipal | undefined>): ResponseMode {
  const preferred = call.preferences.other.mode;
  if (preferred !== undefined) {
    const mode = RESPONSE_MODES.find((candidate) => candidate === preferred);
    if (!mode) throw new PixmockProblem(422, 'Unsupported Prefer mode', `chatfire answers mode=${RESPONSE_MODES.join(' or mode=')}, got mode=${preferred}.`);
    return mode;
  }
  if (call.scenario?.behavior === 'openai_response') return 'openai';
  return call.principal?.key.responseMode ?? 'task';
}
