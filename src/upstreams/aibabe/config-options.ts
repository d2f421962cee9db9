/**
 * `POST /v1/config/options` {namespace, gender?, language?}: the material catalogue of
 * mocks/aibabe/options.yaml as group → [{code, label, previewUrl}]. With a gender, generic items
 * plus that gender's; without one, all. Labels: the requested language, else the default language
 * (en), else the code. Relative previewUrls become absolute on the mock's own origin.
 *
 * The catalogue never changes while the mock runs, so each answer's `data` is serialised once per
 * namespace, gender, language and origin (a bounded cache: those come from the client) and spliced
 * into the envelope: serialising the ~8 KB catalogue was a fifth of this operation's CPU.
 */
import { LRUCache } from 'lru-cache';
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks } from './aibabe-mocks.js';
import { requestOrigin } from '../../server/request-origin.js';
import { absoluteUrl } from './agents.js';
import { sendSuccessWithJson } from './envelope.js';
import { hold } from './hold.js';
import { defaultOptionLanguage, offeredTo, optionLabel } from './options.js';

/** Distinct (namespace, gender, language, origin) answers kept serialised. */
const SERIALISED_ANSWERS = 256;

interface ConfigOptionsBody {
  namespace: string;
  gender?: string;
  language?: string;
}

export function configOptions(ctx: UpstreamContext): OperationHandler {
  const { options } = aibabeMocks(ctx);
  const fallbackLanguage = defaultOptionLanguage(ctx);
  const serialised = new LRUCache<string, string>({ max: SERIALISED_ANSWERS });
  return async function configOptionsHandler(req, res, call) {
    const { namespace, gender, language = fallbackLanguage } = (req.body ?? {}) as ConfigOptionsBody;
    if (!(await hold(call))) return;
    const groups = Object.hasOwn(options, namespace) ? options[namespace] : undefined;
    if (!groups) throw ctx.error('unsupported_namespace');
    const origin = requestOrigin(req);
    const key = JSON.stringify([namespace, gender, language, origin]);
    let data = serialised.get(key);
    if (data === undefined) {
      data = JSON.stringify(
        Object.fromEntries(
          Object.entries(groups).map(([group, items]) => [
            group,
            items
              .filter((item) => offeredTo(item, gender))
              .map((item) => ({ code: item.code, label: optionLabel(item, language, fallbackLanguage), previewUrl: absoluteUrl(origin, item.previewUrl) })),
          ]),
        ),
      );
      serialised.set(key, data);
    }
    sendSuccessWithJson(res, ctx, data, (slot) => slot);
  };
}
