/**
 * Deliberately broken variants of the mock, one deviation each, made by wrapping the faithful
 * app (a middleware in front that rewrites the request, or a response transformer around it that
 * renames, retypes, re-statuses or re-encodes what the real handlers sent) or by configuring it
 * against a documented promise (mocks/ edited in memory). Each names the check it is for: the
 * drift self-test runs the suite against it and expects that check to catch it, and no other
 * check but the ones listed in `alsoCaughtBy`. One file per upstream's variants. Test-only.
 */
import { AIBABE_DRIFT_VARIANTS } from './aibabe-variants.js';
import { CHATFIRE_DRIFT_VARIANTS } from './chatfire-variants.js';
import type { DriftVariant } from './drift-variant.js';
import { DIFY_DRIFT_VARIANTS } from './dify-variants.js';

export const DRIFT_VARIANTS: DriftVariant[] = [...AIBABE_DRIFT_VARIANTS, ...CHATFIRE_DRIFT_VARIANTS, ...DIFY_DRIFT_VARIANTS];
