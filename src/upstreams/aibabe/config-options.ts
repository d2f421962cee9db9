/**
 * `POST /v1/config/options` {namespace, gender?, language?}: the material catalogue of
 * mocks/aibabe/options.yaml as group → [{code, label, previewUrl}]. With a gender, generic items
 * plus that gender's; without one, all. Labels: the requested language, else the default language
 * (en), else the code. Relative previewUrls become absolute on the mock's own origin.
 */
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks } from './aibabe-mocks.js';
import { requestOrigin } from '../../server/request-origin.js';
import { absoluteUrl } from './agents.js';
import { sendSuccess } from './envelope.js';
import { hold } from './hold.js';
import { defaultOptionLanguage, offeredTo, optionLabel } from './options.js';

interface ConfigOptionsBody {
  namespace: string;
  gender?: string;
  language?: string;
}

export function configOptions(ctx: UpstreamContext): OperationHandler {
  const { options } = aibabeMocks(ctx);
  const fallbackLanguage = defaultOptionLanguage(ctx);
  return async function configOptionsHandler(req, res, call) {
    const { namespace, gender, language = fallbackLanguage } = (req.body ?? {}) as ConfigOptionsBody;
    if (!(await hold(call))) return;
    const groups = Object.hasOwn(options, namespace) ? options[namespace] : undefined;
    if (!groups) throw ctx.error('unsupported_namespace');
    const origin = requestOrigin(req);
    const data = Object.fromEntries(
      Object.entries(groups).map(([group, items]) => [
        group,
        items
          .filter((item) => offeredTo(item, gender))
          .map((item) => ({ code: item.code, label: optionLabel(item, language, fallbackLanguage), previewUrl: absoluteUrl(origin, item.previewUrl) })),
      ]),
    );
    sendSuccess(res, ctx, data);
  };
}
