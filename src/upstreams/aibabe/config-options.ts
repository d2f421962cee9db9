/**
 * `POST /v1/config/options` {namespace, gender?, language?}: the material catalogue of
 * mocks/aibabe/options.yaml as group → [{code, label, previewUrl}]. With a gender, generic items
 * plus that gender's; without one, all. Labels: the requested language, else the default language
 * (en), else the code. Relative previewUrls become absolute on the mock's own origin.
 *
 * The catalogue never changes while the mock runs, so each answer's `data` is serialised once per
 * namespace, gender, label language and origin and spliced into the envelope. Those come from the
 * client, so the cache is bounded in entries and bytes, and a language no label has is cached as the
 * default language it falls back to.
 */
import { LRUCache } from 'lru-cache';
import { NO_REPLY, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { AibabeState } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { absoluteUrl } from './agents.js';
import { successReplyWithJson } from './envelope.js';
import { hold } from './hold.js';
import { offeredTo, optionLabel } from './options.js';

/** Distinct (namespace, gender, language, origin) answers kept serialised, and their bytes at most. */
const SERIALISED_ANSWERS = 256;
const SERIALISED_BYTES = 8 * 1024 * 1024;

interface ConfigOptionsBody {
  namespace: string;
  gender?: string;
  language?: string;
}

export function createConfigOptionsHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  const { options } = state.mocks;
  const fallbackLanguage = state.defaultLanguage;
  const labelLanguages = new Set(Object.values(options).flatMap((groups) => Object.values(groups ?? {}).flatMap((items) => (items ?? []).flatMap((item) => Object.keys(item.labels)))));
  const serialised = new LRUCache<string, string>({ max: SERIALISED_ANSWERS, maxSize: SERIALISED_BYTES, sizeCalculation: (data, key) => (data.length + key.length) * 2 });
  return async function configOptions(call) {
    const { namespace, gender, language: asked = fallbackLanguage } = (call.body ?? {}) as ConfigOptionsBody;
    const language = labelLanguages.has(asked) ? asked : fallbackLanguage;
    if (!(await hold(call))) return NO_REPLY;
    const groups = Object.hasOwn(options, namespace) ? options[namespace] : undefined;
    if (!groups) throw ctx.error('unsupported_namespace');
    const { origin } = call.request;
    const key = JSON.stringify([namespace, gender, language, origin]);
    let data = serialised.get(key);
    if (data === undefined) {
      data = JSON.stringify(
        Object.fromEntries(
          Object.entries(groups).map(([group, items]) => [
            group,
            (items ?? [])
              .filter((item) => offeredTo(item, gender))
              .map((item) => ({ code: item.code, label: optionLabel(item, language, fallbackLanguage), previewUrl: absoluteUrl(origin, item.previewUrl) })),
          ]),
        ),
      );
      serialised.set(key, data);
    }
    return successReplyWithJson(ctx, state, data, (slot) => slot);
  };
}
