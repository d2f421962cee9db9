/** Small predicates the variants are written with: which requests, cases and findings they mean. */
import type { Request } from 'express';
import type { Finding, SuiteCase } from '../../types.js';

/** The cases that run one state probe. */
export const isState = (probe: string) => (c: SuiteCase) => c.probe === probe;
/** A finding of `check` whose pointer names `field`. */
export const pointerHas = (check: string, field: string) => (f: Finding) => f.check === check && f.pointer.includes(field);
/** Requests with this method and a path matching `path`. */
export const isPath = (method: string, path: RegExp) => (req: Request) => req.method === method && path.test(req.path);
