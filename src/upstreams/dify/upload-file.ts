/**
 * POST /v1/files/upload (uploadFile): multipart `file` + `user`, checked in Dify's order — user,
 * a `file` part, one file only, allowed extension, size limit (images and other files have their
 * own limits in mocks/dify/uploads.yaml) — then 201 with the stored file's record. The bytes are
 * not kept: this app's runs ignore file inputs.
 */
import { json, MultipartLimitError, type Call, type MultipartForm, type MultipartLimits, type OperationHandler, type UpstreamContext } from '../../core/index.js';
import type { DifyPrincipal } from './authenticate.js';
import { endUserId, type DifyState } from './dify-state.js';
import type { UploadedFile } from './stored-files.js';

const BYTES_PER_MB = 1024 * 1024;
const FILE_FIELD = 'file';
/** Enough to tell "more than one file" (too_many_files) without buffering a flood of them. */
const MAX_FILES = 2;
/** The form is `user` plus the file; a little slack for clients that send more. */
const MAX_FIELDS = 16;
const MAX_FIELD_BYTES = 64 * 1024;
/** What Werkzeug makes of a body that is no form (another type, no boundary, truncated). */
const EMPTY_FORM: MultipartForm = { fields: {}, files: [] };

export function createUploadFileHandler(ctx: UpstreamContext, state: DifyState): OperationHandler<DifyPrincipal> {
  const { uploads } = state.mocks;
  const limits: MultipartLimits = {
    // The server's upload limit (--max-upload-bytes) caps the upstream's own request limit.
    fileBytes: Math.min(ctx.contract.bodyLimit ?? Infinity, ctx.limits.uploadBytes),
    files: MAX_FILES,
    fields: MAX_FIELDS,
    fieldBytes: MAX_FIELD_BYTES,
    parts: MAX_FILES + MAX_FIELDS,
  };
  return async function uploadFile(call) {
    const form = await readForm(ctx, call, limits);
    await call.wait(call.latencyMs());
    const { user } = form.fields;
    if (typeof user !== 'string' || user === '') throw ctx.error('invalid_param');
    const file = form.files.find((candidate) => candidate.field === FILE_FIELD);
    if (!file) throw ctx.error('no_file_uploaded');
    if (form.files.length > 1) throw ctx.error('too_many_files');

    const extension = (file.filename.split('.').pop() ?? '').toLowerCase();
    const isImage = uploads.extensions.image?.includes(extension) ?? false;
    const allowed = Object.values(uploads.extensions).some((list) => list.includes(extension));
    if (!file.filename.includes('.') || !allowed) throw ctx.error('unsupported_file_type');
    const limit = (isImage ? uploads.imageFileSizeLimitMb : uploads.fileSizeLimitMb) * BYTES_PER_MB;
    const size = file.bytes.length;
    if (size > limit) throw ctx.error('file_too_large', { file_size: size, file_size_limit: limit });

    const record: UploadedFile = {
      id: state.ids.uuid(),
      name: file.filename,
      size,
      extension,
      mime_type: file.mimeType,
      created_by: await endUserId(state, user),
      created_at: Math.floor(ctx.sim.clock.now() / 1000),
    };
    await state.uploads.set(record.id, record);
    return json(record, { status: 201 });
  };
}

/**
 * The form as Werkzeug reads it: a body over the file count answers too_many_files, over any other
 * limit (file size, fields, parts) 413; a body that is no readable form is an empty form.
 */
async function readForm(ctx: UpstreamContext, call: Call<DifyPrincipal>, limits: MultipartLimits): Promise<MultipartForm> {
  try {
    return (await call.multipart(limits)) ?? EMPTY_FORM;
  } catch (error) {
    if (error instanceof MultipartLimitError) throw ctx.error(error.limit === 'files' ? 'too_many_files' : 'payload_too_large');
    return EMPTY_FORM;
  }
}
