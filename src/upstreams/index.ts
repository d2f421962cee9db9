/**
 * The upstreams pixmock simulates: one line each. An upstream is its folders (contracts/<id>/,
 * mocks/<id>/, src/upstreams/<id>/, its suite flow) and its line here; none imports another.
 */
import type { AnyUpstreamPlugin } from '../core/index.js';
import { aibabeUpstream } from './aibabe/index.js';
import { chatfireUpstream } from './chatfire/index.js';
import { difyUpstream } from './dify/index.js';

export const UPSTREAMS: readonly AnyUpstreamPlugin[] = [aibabeUpstream, chatfireUpstream, difyUpstream];
