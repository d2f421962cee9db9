/**
 * `POST /v1/agent/reference-image` (pixmock decides; the platform names the upload but does not
 * document it): multipart/form-data with one file part `file`. The type comes from the file's
 * first bytes (signatures in mocks/aibabe/limits.yaml), never from its name or declared type;
 * the size limit is `limits.referenceImage.maxBytes`. The request is signed with an empty
 * canonical body. → data {refImageId, mimeType, size, expiresAt}; the id lives
 * `limits.referenceImage.ttlMs` simulated milliseconds.
 */
import { MultipartLimitError, NO_REPLY, type Call, type MultipartFile, type MultipartLimits, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { AibabeMocks } from './aibabe-mocks.js';
import type { AibabeState, ReferenceImage } from './aibabe-state.js';
import type { AibabePrincipal } from './authenticate.js';
import { successReply } from './envelope.js';
import { hold } from './hold.js';
import { invalidRequest } from './invalid-request.js';

const FILE_FIELD = 'file';
/** How an upload no signature recognises is named in `ref_image_unsupported_type`. */
const UNKNOWN_TYPE = 'application/octet-stream';
/** The multipart overhead allowed besides the file (field names, part headers). */
const MAX_FIELDS = 8;
const MAX_FIELD_BYTES = 64 * 1024;

export function createUploadReferenceImageHandler(ctx: UpstreamContext, state: AibabeState): OperationHandler<AibabePrincipal> {
  const { mimeTypes, ttlMs, signatures } = state.mocks.limits.referenceImage;
  // The server's upload limit (--max-upload-bytes) caps the platform's own.
  const limits: MultipartLimits = {
    fileBytes: Math.min(state.mocks.limits.referenceImage.maxBytes, ctx.limits.uploadBytes),
    files: 1,
    fields: MAX_FIELDS,
    fieldBytes: MAX_FIELD_BYTES,
  };
  const multipartSchemaId = multipartRequestSchemaId(ctx, 'uploadReferenceImage');

  return async function uploadReferenceImage(call) {
    const { principal } = call;
    const file = await readUpload(ctx, call, limits);
    if (!file) {
      // The contract's multipart schema names the missing part ("file is required").
      throw invalidRequest(call.operation, ctx.contracts.validate(multipartSchemaId, {}).diagnostics, ctx);
    }
    const mimeType = sniffImageType(file.bytes, signatures);
    if (!mimeType || !mimeTypes.some((accepted) => accepted === mimeType)) throw ctx.error('ref_image_unsupported_type', { mimeType: mimeType ?? UNKNOWN_TYPE });

    if (!(await hold(call))) return NO_REPLY;
    const refImageId = state.ids.uuid();
    const size = file.bytes.length;
    const image: ReferenceImage = { refImageId, apiKey: principal.apiKey, userId: principal.userId, mimeType, size };
    await state.referenceImages.set(refImageId, image);
    const expiresAt = String(Math.round(ctx.sim.clock.now() + ctx.sim.toClockMs(ttlMs)));
    return successReply(ctx, state, { refImageId, mimeType, size, expiresAt });
  };
}

/** A refImageId this caller uploaded and that has not expired, or the catalogue's `ref_image_not_found`. */
export async function requireReferenceImage(ctx: UpstreamContext, state: AibabeState, refImageId: string, principal: AibabePrincipal): Promise<ReferenceImage> {
  const image = await state.referenceImages.get(refImageId);
  if (!image || image.apiKey !== principal.apiKey || image.userId !== principal.userId) throw ctx.error('ref_image_not_found');
  return image;
}

/** The MIME type whose every signature entry matches the first bytes, if any. */
export function sniffImageType(bytes: Uint8Array, signatures: AibabeMocks['limits']['referenceImage']['signatures']): string | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const [mimeType, patterns] of Object.entries(signatures)) {
    const matches = patterns !== undefined && patterns.every(({ offset, hex }) => {
      const expected = Buffer.from(hex, 'hex');
      return view.length >= offset + expected.length && view.subarray(offset, offset + expected.length).equals(expected);
    });
    if (matches) return mimeType;
  }
  return undefined;
}

/**
 * The `file` part, read after authentication; undefined when there is none. A file over its size
 * limit is the catalogue's `ref_image_too_large`; a form that breaks another limit, or no readable
 * form at all ("Unexpected end of form", no boundary), has no file part.
 */
async function readUpload(ctx: UpstreamContext, call: Call<AibabePrincipal>, limits: MultipartLimits): Promise<MultipartFile | undefined> {
  try {
    const form = await call.multipart(limits);
    return form?.files.find((file) => file.field === FILE_FIELD);
  } catch (error) {
    if (!(error instanceof MultipartLimitError)) throw error;
    if (error.limit === 'fileBytes') throw ctx.error('ref_image_too_large', { maxBytes: limits.fileBytes });
    return undefined;
  }
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
