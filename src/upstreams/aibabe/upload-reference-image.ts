/**
 * `POST /v1/agent/reference-image` (pixmock decides; the platform names the upload but does not
 * document it): multipart/form-data with one file part `file`. The type comes from the file's
 * first bytes (signatures in mocks/aibabe/limits.yaml), never from its name or declared type;
 * the size limit is `limits.referenceImage.maxBytes`. The request is signed with an empty
 * canonical body. → data {refImageId, mimeType, size, expiresAt}; the id lives
 * `limits.referenceImage.ttlMs` simulated milliseconds.
 */
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { aibabeMocks, type AibabeMocks } from './aibabe-mocks.js';
import { aibabeState, type ReferenceImage } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { sendSuccess } from './envelope.js';
import { hold } from './hold.js';
import { invalidRequest } from './invalid-request.js';

const FILE_FIELD = 'file';
/** How an upload no signature recognises is named in `ref_image_unsupported_type`. */
const UNKNOWN_TYPE = 'application/octet-stream';
/** The multipart overhead allowed besides the file (field names, part headers). */
const MAX_FIELDS = 8;
const MAX_FIELD_BYTES = 64 * 1024;

export function uploadReferenceImage(ctx: UpstreamContext): OperationHandler {
  const mocks = aibabeMocks(ctx);
  const state = aibabeState(ctx);
  const { mimeTypes, ttlMs } = mocks.limits.referenceImage;
  // The server's upload limit (--max-upload-bytes) caps the platform's own.
  const maxBytes = Math.min(mocks.limits.referenceImage.maxBytes, ctx.limits.uploadBytes);
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
  }).single(FILE_FIELD);
  const multipartSchemaId = multipartRequestSchemaId(ctx, 'uploadReferenceImage');

  return async function uploadReferenceImageHandler(req, res, call) {
    const principal = call.principal as AibabePrincipal;
    const file = await parseUpload(ctx, parse, req, res, maxBytes);
    if (!file) {
      // The contract's multipart schema names the missing part ("file is required").
      throw invalidRequest(call.operation, ctx.contracts.validate(multipartSchemaId, {}).diagnostics, ctx);
    }
    const mimeType = sniffImageType(file.buffer, mocks.limits.referenceImage.signatures);
    if (!mimeType || !mimeTypes.includes(mimeType)) throw ctx.error('ref_image_unsupported_type', { mimeType: mimeType ?? UNKNOWN_TYPE });

    if (!(await hold(call))) return;
    const refImageId = state.ids.uuid();
    const image: ReferenceImage = { refImageId, apiKey: principal.apiKey, userId: principal.userId, mimeType, size: file.size };
    state.referenceImages.set(refImageId, image);
    const expiresAt = String(Math.round(ctx.sim.clock.now() + ctx.sim.toClockMs(ttlMs)));
    sendSuccess(res, ctx, { refImageId, mimeType, size: file.size, expiresAt });
  };
}

/** A refImageId this caller uploaded and that has not expired, or the catalogue's `ref_image_not_found`. */
export function requireReferenceImage(ctx: UpstreamContext, refImageId: string, principal: AibabePrincipal): ReferenceImage {
  const image = aibabeState(ctx).referenceImages.get(refImageId);
  if (!image || image.apiKey !== principal.apiKey || image.userId !== principal.userId) throw ctx.error('ref_image_not_found');
  return image;
}

/** The MIME type whose every signature entry matches the first bytes, if any. */
export function sniffImageType(bytes: Buffer, signatures: AibabeMocks['limits']['referenceImage']['signatures']): string | undefined {
  for (const [mimeType, patterns] of Object.entries(signatures)) {
    const matches = patterns.every(({ offset, hex }) => {
      const expected = Buffer.from(hex, 'hex');
      return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
    });
    if (matches) return mimeType;
  }
  return undefined;
}

/** Runs multer after authentication; resolves to the file, or undefined when there is no `file` part. */
async function parseUpload(
  ctx: UpstreamContext,
  parse: ReturnType<ReturnType<typeof multer>['single']>,
  req: Request,
  res: Response,
  maxBytes: number,
): Promise<Express.Multer.File | undefined> {
  try {
    await new Promise<void>((resolve, reject) => parse(req, res, (error: unknown) => (error ? reject(error) : resolve())));
  } catch (error) {
    if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') throw ctx.error('ref_image_too_large', { maxBytes });
    if (error instanceof MulterError) return undefined;
    // A body that is not valid multipart ("Unexpected end of form", no boundary): no file part.
    ctx.logger.debug({ err: error }, 'unreadable multipart body');
    return undefined;
  }
  return req.file;
}

/**
 * The registry resolves only JSON request bodies; the multipart schema's $id follows the contracts'
 * naming rule (`https://pixmock.dev/contracts/<upstream>/<file name>`).
 */
function multipartRequestSchemaId(ctx: UpstreamContext, operationId: string): string {
  const requestBody = ctx.contract.operations.get(operationId)?.raw.requestBody as
    | { content?: Record<string, { schema?: { $ref?: string } }> }
    | undefined;
  const ref = requestBody?.content?.['multipart/form-data']?.schema?.$ref;
  if (!ref) throw new Error(`Failed to mount ${operationId}: contracts/${ctx.id}/openapi.yaml gives its multipart/form-data body no schema $ref.`);
  return `https://pixmock.dev/contracts/${ctx.id}/${ref.split('/').pop() ?? ''}`;
}
