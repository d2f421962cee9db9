/**
 * POST /v1/files/upload (uploadFile): multipart `file` + `user`, checked in Dify's order — user,
 * a `file` part, one file only, allowed extension, size limit (images and other files have their
 * own limits in mocks/dify/uploads.yaml) — then 201 with the stored file's record. The bytes are
 * not kept: this app's runs ignore file inputs.
 */
import type { Request, Response } from 'express';
import multer from 'multer';
import type { OperationCall, OperationHandler, UpstreamContext } from '../../server/upstream-context.js';
import { difyMocks } from './dify-mocks.js';
import { endUserId, type DifyState, type UploadedFile } from './dify-state.js';

const BYTES_PER_MB = 1024 * 1024;
const FILE_FIELD = 'file';
/** Enough to tell "more than one file" (too_many_files) without buffering a flood of them. */
const MAX_FILES = 2;
/** The form is `user` plus the file; a little slack for clients that send more. */
const MAX_FIELDS = 16;
const MAX_FIELD_BYTES = 64 * 1024;
/** Multer limits that make the request too big as a whole (Werkzeug's 413). */
const TOO_LARGE = new Set(['LIMIT_FILE_SIZE', 'LIMIT_PART_COUNT', 'LIMIT_FIELD_COUNT', 'LIMIT_FIELD_VALUE', 'LIMIT_FIELD_KEY']);

export function createUploadFileHandler(ctx: UpstreamContext, state: DifyState): OperationHandler {
  const { uploads } = difyMocks(ctx);
  const parse = multer({
    storage: multer.memoryStorage(),
    // The server's upload limit (--max-upload-bytes) caps the upstream's own request limit.
    limits: { fileSize: Math.min(uploads.maxRequestBytes, ctx.limits.uploadBytes), files: MAX_FILES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FILES + MAX_FIELDS },
  }).any();
  return async function uploadFile(req: Request, res: Response, call: OperationCall) {
    await new Promise<void>((resolve, reject) => {
      parse(req, res, (error: unknown) => {
        if (!error) resolve();
        else if (error instanceof multer.MulterError && TOO_LARGE.has(error.code)) reject(ctx.error('payload_too_large'));
        else if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_COUNT') reject(ctx.error('too_many_files'));
        else {
          // Not multipart, no boundary, truncated: Werkzeug reads such a body as an empty form.
          req.body = {};
          req.files = [];
          resolve();
        }
      });
    });
    await call.wait(call.latencyMs());
    const user = (req.body as Record<string, unknown> | undefined)?.user;
    if (typeof user !== 'string' || user === '') throw ctx.error('invalid_param');
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const file = files.find((candidate) => candidate.fieldname === FILE_FIELD);
    if (!file) throw ctx.error('no_file_uploaded');
    if (files.length > 1) throw ctx.error('too_many_files');

    const extension = (file.originalname.split('.').pop() ?? '').toLowerCase();
    const isImage = uploads.extensions.image?.includes(extension) ?? false;
    const allowed = Object.values(uploads.extensions).some((list) => list.includes(extension));
    if (!file.originalname.includes('.') || !allowed) throw ctx.error('unsupported_file_type');
    const limit = (isImage ? uploads.imageFileSizeLimitMb : uploads.fileSizeLimitMb) * BYTES_PER_MB;
    if (file.size > limit) throw ctx.error('file_too_large', { file_size: file.size, file_size_limit: limit });

    const record: UploadedFile = {
      id: state.ids.uuid(),
      name: file.originalname,
      size: file.size,
      extension,
      mime_type: file.mimetype,
      created_by: endUserId(state, user),
      created_at: Math.floor(ctx.sim.clock.now() / 1000),
    };
    state.uploads.set(record.id, record);
    res.status(201).json(record);
  };
}
