/**
 * GET /files/tools/{file_name} (getToolFile): the signed URL of a generated image
 * (api/controllers/files/tool_files.py). No key; in Dify's order: a name that is not
 * `<uuid>.<ext>` → 404, a missing timestamp/nonce/sign → 400 naming it, a bad or expired
 * signature → 403, an unknown file → 415, else the PNG with Content-Type and Content-Length.
 * Expiry reads the simulated clock (`filesAccessTimeoutSeconds`, not divided by the time scale).
 */
import { verifyToolFileSignature } from '../../auth/index.js';
import { bytes, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import type { DifyState } from './dify-state.js';

const FILE_NAME = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.([A-Za-z0-9]+)$/;
const SIGNED_QUERY = ['timestamp', 'nonce', 'sign'] as const;

export function createGetToolFileHandler(ctx: UpstreamContext, state: DifyState): OperationHandler<DifyPrincipal> {
  const { signing } = state.mocks;
  return async function getToolFile(call) {
    const { method, path, query } = call.request;
    const match = FILE_NAME.exec(call.params.file_name ?? '');
    if (!match) throw ctx.error('route_not_found', { method, path });
    const fileId = (match[1] ?? '').toLowerCase();
    const signed: Partial<Record<(typeof SIGNED_QUERY)[number], string>> = {};
    for (const name of SIGNED_QUERY) {
      const value = query[name];
      if (typeof value !== 'string') throw ctx.error('file_missing_params', { field: name });
      signed[name] = value;
    }
    await call.wait(call.latencyMs());
    const valid = verifyToolFileSignature({
      fileId,
      timestamp: signed.timestamp ?? '',
      nonce: signed.nonce ?? '',
      sign: signed.sign ?? '',
      secretKey: signing.secretKey,
      nowSeconds: Math.floor(ctx.sim.clock.now() / 1000),
      timeoutSeconds: signing.filesAccessTimeoutSeconds,
    });
    if (!valid) throw ctx.error('file_forbidden');
    const file = await state.toolFiles.get(fileId);
    if (!file) throw ctx.error('file_unsupported_type');
    const png = await ctx.renderer.render(file.spec);
    const headers: Record<string, string> = query.as_attachment === 'true' ? { 'Content-Disposition': `attachment; filename=${signing.filename}${file.extension}` } : {};
    return bytes(png, file.mimeType, { headers });
  };
}
