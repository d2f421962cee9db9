/**
 * GET /files/tools/{file_name} (getToolFile): the signed URL of a generated image
 * (api/controllers/files/tool_files.py). No key; in Dify's order: a name that is not
 * `<uuid>.<ext>` → 404, a missing timestamp/nonce/sign → 400 naming it, a bad or expired
 * signature → 403, an unknown file → 415, else the PNG with Content-Type and Content-Length.
 * Expiry reads the simulated clock (`filesAccessTimeoutSeconds`, not divided by the time scale).
 */
import type { Request, Response } from 'express';
import { verifyToolFileSignature } from '../../auth/index.js';
import type { OperationCall, OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { difyMocks } from './dify-mocks.js';
import type { DifyState } from './dify-state.js';

const FILE_NAME = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.([A-Za-z0-9]+)$/;
const SIGNED_QUERY = ['timestamp', 'nonce', 'sign'] as const;

export function createGetToolFileHandler(ctx: UpstreamContext, state: DifyState): OperationHandler {
  const { signing } = difyMocks(ctx);
  return async function getToolFile(req: Request, res: Response, call: OperationCall) {
    const match = FILE_NAME.exec(call.params.file_name ?? '');
    if (!match) throw ctx.error('route_not_found', { method: req.method, path: req.path });
    const fileId = (match[1] ?? '').toLowerCase();
    const query: Partial<Record<(typeof SIGNED_QUERY)[number], string>> = {};
    for (const name of SIGNED_QUERY) {
      const value = req.query[name];
      if (typeof value !== 'string') throw ctx.error('file_missing_params', { field: name });
      query[name] = value;
    }
    await call.wait(call.latencyMs());
    const valid = verifyToolFileSignature({
      fileId,
      timestamp: query.timestamp ?? '',
      nonce: query.nonce ?? '',
      sign: query.sign ?? '',
      secretKey: signing.secretKey,
      nowSeconds: Math.floor(ctx.sim.clock.now() / 1000),
      timeoutSeconds: signing.filesAccessTimeoutSeconds,
    });
    if (!valid) throw ctx.error('file_forbidden');
    const file = state.toolFiles.get(fileId);
    if (!file) throw ctx.error('file_unsupported_type');
    const png = await ctx.renderer.render(file.spec);
    if (res.headersSent) return;
    res.status(200).set({ 'Content-Type': file.mimeType, 'Content-Length': String(png.length) });
    if (req.query.as_attachment === 'true') res.set('Content-Disposition', `attachment; filename=${signing.filename}${file.extension}`);
    res.end(png);
  };
}
