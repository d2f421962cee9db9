/**
 * The plugin API, and all an upstream may import from pixmock besides the shared pieces (sim,
 * imaging, auth, contracts): `defineUpstream`, the call a handler gets, the replies it answers
 * with, and the one error class it throws.
 */
export { defineUpstream, DEFAULT_LIMITS } from './upstream-plugin.js';
export type { AnyUpstreamPlugin, AuthenticationInput, ExtraRoute, GatewayCut, OperationHandler, ServerLimits, UpstreamContext, UpstreamPlugin } from './upstream-plugin.js';
export { MultipartLimitError } from './call.js';
export type { Call, CallRequest, MultipartFile, MultipartForm, MultipartLimits } from './call.js';
export { bytes, concatBytes, eventStream, hasNullBody, json, JSON_CONTENT_TYPE, NO_REPLY, reset } from './reply.js';
export type { BytesReply, JsonReply, NoReply, Reply, ReplyBytes, ReplyHeaders, ReplyOptions, ReplyStream, ResetReply, StreamReply } from './reply.js';
export { PixmockProblem, UpstreamHttpError } from './errors.js';
export { ConfigReferenceError, createConfigChecker, describeProblem, type ConfigChecker, type ConfigFolders, type ConfigPlace, type ConfigProblem } from './config-check.js';
export { SILENT_LOGGER, type Logger } from './logger.js';
export { ADMIN_PREFIX } from './admin-prefix.js';
export { parsePrefer, MAX_PREFER_LATENCY_MS, type Preferences } from './preferences.js';
export { fieldName } from './field-name.js';
export { escapeHtml } from './escape-html.js';
export type { EntryOptions, StateSetting, StateStore, StateStores, StateStoresInfo, StoreChange, StoreOptions } from '../sim/state-stores.js';
